package io.ferstream.trainer;

import io.ferstream.platform.config.InvalidConfigException;

/**
 * The input contract of a FER classifier, shipped in its model card: a {@code size}×{@code size}
 * grey face, optionally CLAHE-equalised (OpenCV semantics), then {@code x = (pixel / 255 − mean) / std},
 * laid out as NCHW ([N, 1, H, W]) or NHWC ([N, H, W, 1]).
 *
 * @param size side of the square input, in pixels (48 for FER2013 models)
 * @param clahe whether CLAHE is applied before scaling
 * @param claheClipLimit OpenCV clip limit (ignored without CLAHE)
 * @param claheTiles tiles per side (ignored without CLAHE)
 * @param mean subtracted after dividing by 255 (0 for [0, 1]; 0.5 with std 0.5 for [−1, 1])
 * @param std divisor after subtracting the mean
 * @param layout tensor layout of the single input
 * @param input the input's name, or null for the model's only input
 * @param output the output holding class scores, or null for the model's first output
 * @param softmax whether that output already holds probabilities (else a softmax is applied)
 */
public record Preprocessing(int size, boolean clahe, double claheClipLimit, int claheTiles, float mean, float std,
        Layout layout, String input, String output, boolean softmax) {

    /** Tensor layouts for one grey channel. */
    public enum Layout { NCHW, NHWC }

    /** The contract of every network {@code fer train} makes: CLAHE 2.0 / 8×8, [0, 1], NCHW, our output names. */
    public static final Preprocessing TRAINER = new Preprocessing(48, true, 2.0, 8, 0f, 1f, Layout.NCHW,
            OnnxWriter.INPUT, OnnxWriter.PROBABILITIES, true);

    public Preprocessing {
        if (size != 48) {
            throw new InvalidConfigException("preprocessing.size", size, "only 48x48 inputs are supported (FER2013)");
        }
        if (clahe && (!(claheClipLimit > 0) || claheTiles < 1)) {
            throw new InvalidConfigException("preprocessing.clahe", claheClipLimit + "/" + claheTiles,
                    "clip limit must be > 0 and tiles >= 1");
        }
        if (!(std > 0) || !Float.isFinite(mean)) {
            throw new InvalidConfigException("preprocessing.std", std, "must be a positive number (and mean finite)");
        }
        if (layout == null) {
            throw new InvalidConfigException("preprocessing.layout", null, "NCHW or NHWC");
        }
    }

    /** The same contract for faces that were already CLAHE'd (by the pipeline's enhancer). */
    public Preprocessing withoutClahe() {
        return new Preprocessing(size, false, claheClipLimit, claheTiles, mean, std, layout, input, output, softmax);
    }

    /** The scaled value of one 8-bit pixel. */
    public float scale(int pixel) {
        return (pixel / 255f - mean) / std;
    }

    /** The input shape for a batch of {@code n}. */
    public long[] shape(int n) {
        return layout == Layout.NCHW ? new long[] {n, 1, size, size} : new long[] {n, size, size, 1};
    }
}
