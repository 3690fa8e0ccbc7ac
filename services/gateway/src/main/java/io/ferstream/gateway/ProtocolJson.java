package io.ferstream.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceBox;
import io.ferstream.events.FacePrediction;
import io.ferstream.events.Prediction;

/** The JSON of PROTOCOL.md, built from the events: one method per message, nothing else. */
final class ProtocolJson {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The class names in FER order, as the page shows them ("Angry", …, "Neutral"). */
    static final List<String> CLASSES = Arrays.stream(Emotion.values()).map(ProtocolJson::label).toList();

    /** The classifier's latency steps carried over into {@code latencyMs}. */
    private static final List<String> CLASSIFIER_STEPS = List.of("queue", "decode", "detect", "classify", "total");

    /** A model as the page names it; null stays null. */
    record ModelRef(String name, String version) {
        static ModelRef of(Prediction p) {
            return new ModelRef(p.getModelName(), p.getModelVersion());
        }
    }

    private ProtocolJson() {
    }

    static String label(Emotion emotion) {
        String name = emotion.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    static ObjectNode model(ModelRef model) {
        if (model == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("name", model.name());
        node.put("version", model.version());
        return node;
    }

    /** One face object: box, landmarks, detector score, label, confidence, raw and smoothed probabilities, track. */
    static ObjectNode face(FacePrediction face) {
        ObjectNode node = JSON.createObjectNode();
        FaceBox box = face.getBox();
        node.putArray("box").add(box.getX()).add(box.getY()).add(box.getWidth()).add(box.getHeight());
        floats(node.putArray("landmarks"), face.getLandmarks());
        node.put("score", face.getDetectorScore());
        node.put("label", label(face.getLabel()));
        node.put("confidence", face.getConfidence());
        floats(node.putArray("probabilities"), face.getProbabilities());
        // Smoothing off or an older classifier: the smoothed values are the raw ones (Prediction.avsc).
        floats(node.putArray("smoothed"), face.getSmoothedProbabilities().isEmpty() ? face.getProbabilities()
                : face.getSmoothedProbabilities());
        node.put("track", face.getTrackId());
        return node;
    }

    /** The faces of a prediction with the frame's size and model: what a live reply and an upload result share. */
    private static ObjectNode faces(ObjectNode node, int width, int height, Prediction p) {
        node.put("width", width);
        node.put("height", height);
        ArrayNode faces = node.putArray("faces");
        p.getFaces().forEach(f -> faces.add(face(f)));
        node.set("model", model(ModelRef.of(p)));
        return node;
    }

    static String prediction(long seq, int width, int height, Prediction p, double gatewayMs) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "prediction");
        node.put("seq", seq);
        faces(node, width, height, p);
        ObjectNode latency = node.putObject("latencyMs");
        Map<String, Double> steps = p.getLatenciesMs();
        for (String step : CLASSIFIER_STEPS) {
            Double ms = steps.get(step);
            if (ms != null) {
                latency.put(step, ms);
            }
        }
        latency.put("gateway", gatewayMs);
        return node.toString();
    }

    /** {@code reason}: in_flight, rate_limited or timeout. */
    static String dropped(long seq, String reason) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "dropped");
        node.put("seq", seq);
        node.put("reason", reason);
        return node.toString();
    }

    static String refused(long seq, String sentence) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "refused");
        node.put("seq", seq);
        node.put("error", sentence);
        return node.toString();
    }

    static String hello(String session, GatewayConfig config, ModelRef model) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "hello");
        node.put("session", session);
        node.put("maxInFlight", config.maxInFlight());
        node.put("maxFrameBytes", config.frameLimits().maxBytes());
        node.put("maxFrameSide", config.frameLimits().maxSide());
        node.put("rateLimitFps", config.rateLimitFps());
        node.set("model", model(model));
        return node.toString();
    }

    static ObjectNode uploaded(String name, int width, int height, Prediction p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        return faces(node, width, height, p);
    }

    static ObjectNode uploadFailed(String name, String sentence) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        node.put("error", sentence);
        return node;
    }

    /** The body of every HTTP error: a code for programs and a sentence for people. */
    static String error(String code, String sentence) {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", code);
        node.put("message", sentence);
        return node.toString();
    }

    private static void floats(ArrayNode array, List<Float> values) {
        values.forEach(array::add);
    }
}
