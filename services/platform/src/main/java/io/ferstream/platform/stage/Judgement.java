package io.ferstream.platform.stage;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * What a stage concluded about one image: pass or the first failing check, every score (keyed
 * without the stage prefix, e.g. {@code blur}), the thresholds it applied, and, for stages that
 * transform images (the enhancer), the new pixels.
 */
public record Judgement(boolean passed, String reason, Map<String, Double> scores, Map<String, Double> thresholds,
                        ByteBuffer newPixels) {

    public Judgement {
        scores = Map.copyOf(Objects.requireNonNull(scores, "scores"));
        thresholds = Map.copyOf(Objects.requireNonNull(thresholds, "thresholds"));
        if (passed && reason != null) {
            throw new IllegalArgumentException("a passing judgement has no reason");
        }
        if (!passed && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a failing judgement needs a reason");
        }
    }

    public static Judgement pass(Map<String, Double> scores, Map<String, Double> thresholds) {
        return new Judgement(true, null, scores, thresholds, null);
    }

    public static Judgement fail(String reason, Map<String, Double> scores, Map<String, Double> thresholds) {
        return new Judgement(false, reason, scores, thresholds, null);
    }

    /**
     * A transform that always passes: the image continues with {@code pixels}; {@code settings} are
     * the parameters it applied (recorded like thresholds, so consumers can check them).
     */
    public static Judgement transformed(byte[] pixels, Map<String, Double> scores, Map<String, Double> settings) {
        return new Judgement(true, null, scores, settings, ByteBuffer.wrap(pixels));
    }
}
