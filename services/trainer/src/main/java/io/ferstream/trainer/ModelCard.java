package io.ferstream.trainer;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.platform.config.InvalidConfigException;

/**
 * The model card JSON written next to a {@code .onnx} file. Its {@code preprocessing} object is the
 * input contract that {@code fer evaluate} (and the live classifier) apply:
 * <pre>
 * "preprocessing": {"size": 48, "color": "gray", "clahe": {"clip_limit": 2.0, "tiles": 8} | null,
 *                   "mean": 0.0, "std": 1.0,      // x = (pixel / 255 - mean) / std
 *                   "layout": "NCHW" | "NHWC", "input": name | null, "output": name | null,
 *                   "output_is_probabilities": true}
 * </pre>
 */
public final class ModelCard {

    public static final String FORMAT = "fer-model-card/1";

    private ModelCard() {
    }

    public static ObjectNode preprocessing(ObjectMapper mapper, Preprocessing p) {
        ObjectNode o = mapper.createObjectNode();
        o.put("size", p.size());
        o.put("color", "gray");
        if (p.clahe()) {
            ObjectNode c = o.putObject("clahe");
            c.put("clip_limit", p.claheClipLimit());
            c.put("tiles", p.claheTiles());
            c.put("semantics", "OpenCV createCLAHE(clip_limit, (tiles, tiles)).apply on the 8-bit image");
        } else {
            o.putNull("clahe");
        }
        o.put("mean", p.mean());
        o.put("std", p.std());
        o.put("scaling", "x = (pixel / 255 - mean) / std");
        o.put("layout", p.layout().name());
        o.put("input", p.input());
        o.put("output", p.output());
        o.put("output_is_probabilities", p.softmax());
        return o;
    }

    /** The contract in a card file (only its {@code preprocessing} object is read). */
    public static Preprocessing readPreprocessing(ObjectMapper mapper, Path card) throws IOException {
        JsonNode root = mapper.readTree(card.toFile());
        JsonNode p = root.path("preprocessing");
        if (!p.isObject()) {
            throw new InvalidConfigException("card", card, "has no \"preprocessing\" object");
        }
        if (p.has("color") && !"gray".equals(p.path("color").asText())) {
            throw new InvalidConfigException("preprocessing.color", p.path("color").asText(), "only gray is supported");
        }
        JsonNode clahe = p.path("clahe");
        boolean useClahe = clahe.isObject();
        String layout = p.path("layout").asText("NCHW");
        Preprocessing.Layout l;
        try {
            l = Preprocessing.Layout.valueOf(layout);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("preprocessing.layout", layout, "NCHW or NHWC");
        }
        return new Preprocessing(p.path("size").asInt(48), useClahe,
                useClahe ? clahe.path("clip_limit").asDouble(2.0) : 0, useClahe ? clahe.path("tiles").asInt(8) : 0,
                (float) p.path("mean").asDouble(0), (float) p.path("std").asDouble(1), l,
                textOrNull(p, "input"), textOrNull(p, "output"), p.path("output_is_probabilities").asBoolean(true));
    }

    private static String textOrNull(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
