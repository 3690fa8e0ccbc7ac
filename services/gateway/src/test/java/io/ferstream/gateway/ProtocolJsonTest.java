package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceBox;
import io.ferstream.events.FacePrediction;
import io.ferstream.events.Prediction;
import io.ferstream.model.FerClasses;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    static Prediction prediction(String session, long seq, List<Float> smoothed) {
        FacePrediction face = FacePrediction.newBuilder().setBox(new FaceBox(10, 20, 100, 120)).setLabel(Emotion.HAPPY)
                .setConfidence(0.8f).setProbabilities(List.of(0.05f, 0.01f, 0.04f, 0.7f, 0.1f, 0.05f, 0.05f))
                .setSmoothedProbabilities(smoothed).setLandmarks(List.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f))
                .setDetectorScore(0.93f).setTrackId(3).build();
        return Prediction.newBuilder().setFrameId(session + "/" + seq).setSessionId(session).setSequence(seq).setFaces(List.of(face))
                .setModelVersion("v2").setModelName("peer").setLatenciesMs(Map.of("queue", 1.5, "decode", 2.0, "detect", 7.0,
                        "classify", 12.0, "total", 25.0, "other", 9.0))
                .setPredictedAt(Instant.now()).setCapturedAt(Instant.now()).build();
    }

    @Test
    void theClassesAreFerClassesNames() {
        assertThat(ProtocolJson.CLASSES).isEqualTo(FerClasses.NAMES);
    }

    @Test
    void aPredictionReplyHasEveryFieldOfTheProtocol() throws Exception {
        JsonNode reply = ProtocolJson.JSON.readTree(ProtocolJson.prediction(4, 640, 480, prediction("s", 4, List.of()), 31.5));
        assertThat(reply.get("type").asText()).isEqualTo("prediction");
        assertThat(reply.get("seq").asLong()).isEqualTo(4);
        assertThat(reply.get("width").asInt()).isEqualTo(640);
        assertThat(reply.get("height").asInt()).isEqualTo(480);
        assertThat(reply.get("model").toString()).isEqualTo("{\"name\":\"peer\",\"version\":\"v2\"}");
        assertThat(reply.get("latencyMs").toString())
                .isEqualTo("{\"queue\":1.5,\"decode\":2.0,\"detect\":7.0,\"classify\":12.0,\"total\":25.0,\"gateway\":31.5}");
        JsonNode face = reply.get("faces").get(0);
        assertThat(face.get("box").toString()).isEqualTo("[10,20,100,120]");
        assertThat(face.get("landmarks")).hasSize(10);
        assertThat(face.get("score").floatValue()).isEqualTo(0.93f);
        assertThat(face.get("label").asText()).isEqualTo("Happy");
        assertThat(face.get("confidence").floatValue()).isEqualTo(0.8f);
        assertThat(face.get("probabilities")).hasSize(7);
        assertThat(face.get("smoothed")).as("raw when the classifier does not smooth").isEqualTo(face.get("probabilities"));
        assertThat(face.get("track").asInt()).isEqualTo(3);
    }

    @Test
    void smoothedProbabilitiesAreCarried() throws Exception {
        List<Float> smoothed = List.of(0.1f, 0.1f, 0.1f, 0.4f, 0.1f, 0.1f, 0.1f);
        JsonNode face = ProtocolJson.JSON.readTree(ProtocolJson.prediction(0, 1, 1, prediction("s", 0, smoothed), 1)).get("faces").get(0);
        assertThat(face.get("smoothed").get(3).floatValue()).isEqualTo(0.4f);
    }

    @Test
    void droppedRefusedAndErrors() {
        assertThat(ProtocolJson.dropped(7, "in_flight")).isEqualTo("{\"type\":\"dropped\",\"seq\":7,\"reason\":\"in_flight\"}");
        assertThat(ProtocolJson.refused(8, "This is not a JPEG or PNG image."))
                .isEqualTo("{\"type\":\"refused\",\"seq\":8,\"error\":\"This is not a JPEG or PNG image.\"}");
        assertThat(ProtocolJson.error("origin", "No.")).isEqualTo("{\"error\":\"origin\",\"message\":\"No.\"}");
    }

    @Test
    void helloSaysTheLimitsAndAModelOrNull() throws Exception {
        GatewayConfig config = GatewayConfigTest.defaults();
        JsonNode hello = ProtocolJson.JSON.readTree(ProtocolJson.hello("id", config, null));
        assertThat(hello.get("type").asText()).isEqualTo("hello");
        assertThat(hello.get("session").asText()).isEqualTo("id");
        assertThat(hello.get("maxInFlight").asInt()).isEqualTo(2);
        assertThat(hello.get("maxFrameBytes").asInt()).isEqualTo(1_000_000);
        assertThat(hello.get("maxFrameSide").asInt()).isEqualTo(4096);
        assertThat(hello.get("rateLimitFps").asDouble()).isEqualTo(15.0);
        assertThat(hello.get("model").isNull()).isTrue();
    }
}
