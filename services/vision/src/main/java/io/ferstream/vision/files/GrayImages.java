package io.ferstream.vision.files;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.color.ColorSpace;

/**
 * Turns a decoded image of any size and colour model into the pipeline's 48x48 8-bit grayscale.
 *
 * <ol>
 *   <li><b>Grayscale.</b> An 8-bit (or 16-bit) single-channel gray image keeps its samples as
 *       stored (16-bit ones scaled to 0..255), with no colour-space conversion (Java's
 *       {@code getRGB} would apply a gamma curve to gray rasters). Anything else is converted to
 *       sRGB and reduced to ITU-R BT.601 luma Y = 0.299 R + 0.587 G + 0.114 B, in OpenCV's
 *       fixed-point form {@code (4899 R + 9617 G + 1868 B + 8192) >> 14}, so values match
 *       {@code cv2.cvtColor(..., COLOR_RGB2GRAY)}. Alpha is ignored, as {@code cv2.imread} does.</li>
 *   <li><b>Resize</b> to 48x48, each axis on its own (the aspect ratio is not kept, as the seed's
 *       {@code cv2.resize}). An axis that shrinks uses <i>area averaging</i>: each output pixel is the
 *       mean of the source pixels it covers, fractional pixels weighted by the covered fraction
 *       (OpenCV's INTER_AREA). An axis that grows uses <i>bilinear</i> interpolation on pixel centres
 *       ({@code src = (dst + 0.5) * in/out - 0.5}, clamped at the edges). Results are rounded half
 *       up and clamped to 0..255.</li>
 * </ol>
 */
public final class GrayImages {

    public static final int SIDE = 48;

    private GrayImages() {
    }

    /** The image as 48x48 gray bytes, row-major. */
    public static byte[] toGray48(BufferedImage image) {
        return resize(toGray(image), image.getWidth(), image.getHeight(), SIDE, SIDE);
    }

    /** The image as gray bytes at its own size, row-major. */
    public static byte[] toGray(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] gray = new byte[width * height];
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        boolean singleGrayBand = raster.getNumBands() == 1
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(model instanceof java.awt.image.IndexColorModel);
        if (singleGrayBand) {
            int bits = model.getComponentSize(0);
            int transfer = raster.getDataBuffer().getDataType();
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    int v = row[x];
                    if (bits > 8 || transfer == DataBuffer.TYPE_USHORT) {
                        int max = (1 << Math.min(bits, 16)) - 1;
                        v = (int) ((v * 255L * 2 + max) / (2L * max));
                    }
                    gray[y * width + x] = (byte) Math.min(255, Math.max(0, v));
                }
            }
            return gray;
        }
        int[] argb = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, argb, 0, width);
            for (int x = 0; x < width; x++) {
                int p = argb[x];
                gray[y * width + x] = (byte) luma((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
            }
        }
        return gray;
    }

    /** BT.601 luma in OpenCV's fixed point. */
    public static int luma(int r, int g, int b) {
        return (4899 * r + 9617 * g + 1868 * b + 8192) >> 14;
    }

    /**
     * Resizes gray bytes: area averaging on shrinking axes, bilinear on growing axes, copy when equal.
     */
    public static byte[] resize(byte[] src, int width, int height, int outWidth, int outHeight) {
        if (src.length != width * height) {
            throw new IllegalArgumentException("expected " + width + "x" + height + " bytes, got " + src.length);
        }
        if (width == outWidth && height == outHeight) {
            return src.clone();
        }
        Weights horizontal = Weights.of(width, outWidth);
        Weights vertical = Weights.of(height, outHeight);
        double[] rows = new double[height * outWidth];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int ox = 0; ox < outWidth; ox++) {
                double sum = 0;
                for (int k = horizontal.start[ox]; k < horizontal.start[ox + 1]; k++) {
                    sum += (src[base + horizontal.index[k]] & 0xff) * horizontal.weight[k];
                }
                rows[y * outWidth + ox] = sum;
            }
        }
        byte[] out = new byte[outWidth * outHeight];
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                double sum = 0;
                for (int k = vertical.start[oy]; k < vertical.start[oy + 1]; k++) {
                    sum += rows[vertical.index[k] * outWidth + ox] * vertical.weight[k];
                }
                long rounded = (long) Math.floor(sum + 0.5 + 1e-9);
                out[oy * outWidth + ox] = (byte) Math.max(0, Math.min(255, rounded));
            }
        }
        return out;
    }

    /** For each output index, the source indices and weights (summing to 1) that make it. */
    private static final class Weights {
        final int[] start;
        final int[] index;
        final double[] weight;

        private Weights(int[] start, int[] index, double[] weight) {
            this.start = start;
            this.index = index;
            this.weight = weight;
        }

        static Weights of(int in, int out) {
            int[] start = new int[out + 1];
            int capacity = in >= out ? in + out : 2 * out;
            int[] index = new int[capacity];
            double[] weight = new double[capacity];
            int n = 0;
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                start[o] = n;
                if (in == out) {
                    index[n] = o;
                    weight[n++] = 1;
                } else if (in > out) {
                    double from = o * scale;
                    double to = (o + 1) * scale;
                    for (int s = (int) Math.floor(from); s < Math.min(in, (int) Math.ceil(to)); s++) {
                        double covered = Math.min(to, s + 1) - Math.max(from, s);
                        if (covered > 1e-12) {
                            index[n] = s;
                            weight[n++] = covered / scale;
                        }
                    }
                } else {
                    double position = Math.min(in - 1, Math.max(0, (o + 0.5) * scale - 0.5));
                    int left = (int) Math.floor(position);
                    int right = Math.min(in - 1, left + 1);
                    double fraction = position - left;
                    index[n] = left;
                    weight[n++] = 1 - fraction;
                    if (right != left && fraction > 0) {
                        index[n] = right;
                        weight[n++] = fraction;
                    }
                }
            }
            start[out] = n;
            return new Weights(start, index, weight);
        }
    }
}
