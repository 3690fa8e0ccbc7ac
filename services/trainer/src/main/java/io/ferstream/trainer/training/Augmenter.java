package io.ferstream.trainer.training;

import java.util.Random;

/**
 * The original's training augmentation on one 48×48 image with values in [0, 1]:
 * <ul>
 *   <li>horizontal flip, p 0.5;</li>
 *   <li>shift ±10 % of the side, scale ±10 %, rotate ±15° about the centre, p 0.7 (bilinear,
 *       constant 0 border: the defaults of the library the original used);</li>
 *   <li>brightness and contrast ±20 %: {@code x·(1 + c) + b}, clipped to [0, 1], p 0.5.</li>
 * </ul>
 * All randomness comes from the {@link Random} passed in, so a seeded run repeats exactly.
 */
public final class Augmenter {

    public static final double FLIP_P = 0.5;
    public static final double AFFINE_P = 0.7;
    public static final double SHIFT = 0.10;
    public static final double SCALE = 0.10;
    public static final double ROTATE_DEGREES = 15;
    public static final double COLOR_P = 0.5;
    public static final double BRIGHTNESS = 0.2;
    public static final double CONTRAST = 0.2;

    private final int side;
    private final float[] scratch;

    public Augmenter(int side) {
        this.side = side;
        this.scratch = new float[side * side];
    }

    /** Augments {@code image[offset .. offset + side²)} in place. */
    public void apply(float[] image, int offset, Random rnd) {
        if (rnd.nextDouble() < FLIP_P) {
            flip(image, offset, side);
        }
        if (rnd.nextDouble() < AFFINE_P) {
            double dx = uniform(rnd, SHIFT) * side;
            double dy = uniform(rnd, SHIFT) * side;
            double scale = 1 + uniform(rnd, SCALE);
            double angle = Math.toRadians(uniform(rnd, ROTATE_DEGREES));
            affine(image, offset, dx, dy, scale, angle);
        }
        if (rnd.nextDouble() < COLOR_P) {
            float alpha = (float) (1 + uniform(rnd, CONTRAST));
            float beta = (float) uniform(rnd, BRIGHTNESS);
            for (int i = offset, end = offset + side * side; i < end; i++) {
                image[i] = Math.min(1f, Math.max(0f, image[i] * alpha + beta));
            }
        }
    }

    /** Mirrors one image left to right in place. */
    public static void flip(float[] image, int offset, int side) {
        for (int y = 0; y < side; y++) {
            int row = offset + y * side;
            for (int l = 0, r = side - 1; l < r; l++, r--) {
                float t = image[row + l];
                image[row + l] = image[row + r];
                image[row + r] = t;
            }
        }
    }

    /**
     * Output pixel p' takes the input at {@code M⁻¹ (p' − c − t) + c}, where M rotates by
     * {@code angle} and scales by {@code scale} about the centre c, and t is the shift; bilinear,
     * zero outside.
     */
    void affine(float[] image, int offset, double dx, double dy, double scale, double angle) {
        double c = (side - 1) / 2.0;
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double u = x - c - dx;
                double v = y - c - dy;
                // inverse rotation: R(-angle) / scale
                double sx = cos * u + sin * v + c;
                double sy = -sin * u + cos * v + c;
                scratch[y * side + x] = bilinear(image, offset, sx, sy);
            }
        }
        System.arraycopy(scratch, 0, image, offset, side * side);
    }

    private float bilinear(float[] image, int offset, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double v00 = at(image, offset, x0, y0);
        double v10 = at(image, offset, x0 + 1, y0);
        double v01 = at(image, offset, x0, y0 + 1);
        double v11 = at(image, offset, x0 + 1, y0 + 1);
        return (float) ((v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy);
    }

    private float at(float[] image, int offset, int x, int y) {
        return x < 0 || y < 0 || x >= side || y >= side ? 0f : image[offset + y * side + x];
    }

    private static double uniform(Random rnd, double limit) {
        return (rnd.nextDouble() * 2 - 1) * limit;
    }
}
