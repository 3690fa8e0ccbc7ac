package io.ferstream.model;

import java.util.List;

import io.ferstream.vision.Clahe;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.files.GrayImages;

/**
 * The input contract of a model, shipped in its card ({@code "preprocessing"}): a grey face resized
 * to {@code width × height}, optionally CLAHE-equalised at that size (OpenCV semantics), then
 * {@code x = (pixel / 255 − mean) / std}, copied to every channel and laid out NCHW or NHWC.
 *
 * <p>A value: thread-safe. {@link #toInputGray} and {@link #tensor} allocate what they need per call.
 *
 * @param width   input width in pixels
 * @param height  input height in pixels
 * @param color   the channels the model reads (a grey face is copied to each)
 * @param clahe   CLAHE applied at the input size; {@code null} for none
 * @param mean    subtracted after dividing by 255 (0 for [0, 1]; 0.5 with std 0.5 for [−1, 1])
 * @param std     divisor after subtracting the mean
 * @param layout  tensor layout of the single input
 * @param input   the input's name, or null for the model's only input
 * @param output  the output holding the class scores, or null for the model's first output
 * @param outputIsProbabilities whether that output already holds probabilities (else a softmax is applied)
 */
public record Preprocessing(int width, int height, Color color, ClaheSettings clahe, float mean, float std,
        Layout layout, String input, String output, boolean outputIsProbabilities) {

    /** Tensor layouts. */
    public enum Layout { NCHW, NHWC }

    /** The model's channels: one grey, or three equal ones in the order the model reads them. */
    public enum Color {
        GRAY(1), RGB(3), BGR(3);

        private final int channels;

        Color(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }
    }

    /** OpenCV {@code createCLAHE(clipLimit, (tiles, tiles))} applied to the 8-bit image. */
    public record ClaheSettings(double clipLimit, int tiles) {

        /** The seed recipe's 2.0 / 8×8. */
        public static final ClaheSettings SEED = new ClaheSettings(Clahe.SEED_CLIP_LIMIT, Clahe.SEED_TILES);

        public ClaheSettings {
            if (!(clipLimit > 0) || tiles < 1) {
                throw new ModelCardException("preprocessing.clahe", "clip limit must be > 0 and tiles >= 1, got "
                        + clipLimit + "/" + tiles);
            }
        }
    }

    /** The largest accepted input side; far above any model here, it only stops typos. */
    public static final int MAX_SIDE = 4096;

    public Preprocessing {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new ModelCardException("preprocessing.size", "each side must be 1.." + MAX_SIDE + ", got " + width + "x" + height);
        }
        if (color == null) {
            throw new ModelCardException("preprocessing.color", "must be gray, rgb or bgr");
        }
        if (layout == null) {
            throw new ModelCardException("preprocessing.layout", "must be NCHW or NHWC");
        }
        if (!(std > 0) || !Float.isFinite(std) || !Float.isFinite(mean)) {
            throw new ModelCardException("preprocessing.std", "must be a positive number (and mean finite), got std "
                    + std + ", mean " + mean);
        }
        if (input != null && input.isBlank() || output != null && output.isBlank()) {
            throw new ModelCardException("preprocessing.input", "input and output names must be null (the only input, the first "
                    + "output) or non-blank");
        }
    }

    /** A square grey input of {@code side} with the given scaling, CLAHE and layout; the model's only input and first output. */
    public static Preprocessing gray(int side, ClaheSettings clahe, float mean, float std, Layout layout) {
        return new Preprocessing(side, side, Color.GRAY, clahe, mean, std, layout, null, null, true);
    }

    /** The same contract for faces that were already CLAHE'd (by the pipeline's enhancer). */
    public Preprocessing withoutClahe() {
        return new Preprocessing(width, height, color, null, mean, std, layout, input, output, outputIsProbabilities);
    }

    /** The same contract feeding the named input and reading the named output. */
    public Preprocessing withNames(String inputName, String outputName) {
        return new Preprocessing(width, height, color, clahe, mean, std, layout, inputName, outputName, outputIsProbabilities);
    }

    public int channels() {
        return color.channels();
    }

    /** Floats per image in the tensor. */
    public int values() {
        return width * height * channels();
    }

    /** The scaled value of one 8-bit pixel. */
    public float scale(int pixel) {
        return (pixel / 255f - mean) / std;
    }

    /** The input shape for a batch of {@code n}. */
    public long[] shape(int n) {
        return layout == Layout.NCHW ? new long[] {n, channels(), height, width} : new long[] {n, height, width, channels()};
    }

    /**
     * Grey images of any size at the input size (bilinear when enlarging, area when shrinking), then
     * CLAHE'd when the contract says: {@code width·height} bytes each, ready for {@link #tensor}.
     */
    public byte[][] toInputGray(List<GrayImage> images) {
        byte[][] out = new byte[images.size()][];
        try (Clahe equaliser = clahe == null ? null : new Clahe(clahe.clipLimit(), clahe.tiles(), clahe.tiles())) {
            for (int i = 0; i < out.length; i++) {
                GrayImage image = images.get(i);
                byte[] pixels = image.pixels(); // already a copy: resized or equalised only when needed
                byte[] sized = image.width() == width && image.height() == height ? pixels
                        : GrayImages.resize(pixels, image.width(), image.height(), width, height);
                out[i] = equaliser == null ? sized : equaliser.apply(GrayImage.of(width, height, sized)).pixels();
            }
        }
        return out;
    }

    /** One batch tensor, flat in {@link #layout}, of grey images already at the input size (see {@link #toInputGray}). */
    public float[] tensor(List<byte[]> inputGray) {
        float[] lut = new float[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = scale(v);
        }
        int plane = width * height;
        int channels = channels();
        float[] out = new float[inputGray.size() * plane * channels];
        for (int i = 0; i < inputGray.size(); i++) {
            byte[] gray = inputGray.get(i);
            if (gray.length != plane) {
                throw new IllegalArgumentException("image " + i + " has " + gray.length + " pixels, the input takes " + width + "x" + height);
            }
            int base = i * plane * channels;
            for (int k = 0; k < plane; k++) {
                float v = lut[gray[k] & 0xFF];
                if (layout == Layout.NCHW) {
                    for (int c = 0; c < channels; c++) {
                        out[base + c * plane + k] = v;
                    }
                } else {
                    for (int c = 0; c < channels; c++) {
                        out[base + k * channels + c] = v;
                    }
                }
            }
        }
        return out;
    }
}
