package io.ferstream.embedder.duplicates;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two fingerprints the duplicate check compares: a 63-bit perceptual hash (the DCT hash) and a
 * 128-bit digest of the exact pixels.
 *
 * <p>The perceptual hash takes the orthonormal 2-D DCT-II of the whole gray image, keeps the 8×8
 * lowest frequencies without the DC term (63 coefficients) and sets a bit for each coefficient above
 * their median. Low frequencies survive JPEG re-encoding, small shifts of brightness and contrast,
 * and watermarks; the median makes the hash independent of overall brightness. With distinct
 * coefficients exactly 31 bits are set, so the Hamming distance between two hashes is always even.
 * Any image size works (the frequencies are relative to the size), so a 48×48 FER2013 face and the
 * same face at 96×96 hash alike. A uniform image has no AC energy and hashes to 0.
 */
public final class PerceptualHash {

    /** Side of the block of lowest frequencies kept. */
    static final int SIDE = 8;
    /** Bits of a hash: the 8×8 block without its DC term. */
    public static final int BITS = SIDE * SIDE - 1;

    /** Coefficients smaller than this (in grey levels) are rounding noise. */
    private static final double ROUNDING = 1e-6;
    private static final Map<Integer, double[]> BASES = new ConcurrentHashMap<>();

    private PerceptualHash() {
    }

    /** The perceptual hash of a row-major 8-bit gray image. */
    public static long of(int width, int height, byte[] pixels) {
        if (width < SIDE || height < SIDE || pixels.length != width * height) {
            throw new IllegalArgumentException("need a gray image of at least " + SIDE + "x" + SIDE + " with width*height "
                    + "pixels, got " + width + "x" + height + " and " + pixels.length + " bytes");
        }
        double[] across = basis(width);
        double[] down = basis(height);
        // Horizontal pass: each row's 8 lowest frequencies.
        double[] rows = new double[height * SIDE];
        for (int y = 0; y < height; y++) {
            int offset = y * width;
            for (int u = 0; u < SIDE; u++) {
                double sum = 0;
                int b = u * width;
                for (int x = 0; x < width; x++) {
                    sum += across[b + x] * (pixels[offset + x] & 0xFF);
                }
                rows[y * SIDE + u] = sum;
            }
        }
        // Vertical pass: coefficient (v, u) = vertical frequency v, horizontal frequency u.
        double[] coefficients = new double[BITS];
        for (int v = 0; v < SIDE; v++) {
            for (int u = 0; u < SIDE; u++) {
                if (v == 0 && u == 0) {
                    continue;
                }
                double sum = 0;
                int b = v * height;
                for (int y = 0; y < height; y++) {
                    sum += down[b + y] * rows[y * SIDE + u];
                }
                // Rounding noise of a flat image must not become bits.
                coefficients[v * SIDE + u - 1] = Math.abs(sum) < ROUNDING ? 0 : sum;
            }
        }
        double[] sorted = coefficients.clone();
        Arrays.sort(sorted);
        double median = sorted[BITS / 2];
        long hash = 0;
        for (int i = 0; i < BITS; i++) {
            if (coefficients[i] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    /** Bits in which two hashes differ. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** The first 128 bits of the SHA-256 of the size and pixels: equal exactly when the images are (barring collisions). */
    public static long[] exactDigest(int width, int height, byte[] pixels) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(8).putInt(width).putInt(height).array());
            ByteBuffer digest = ByteBuffer.wrap(sha.digest(pixels));
            return new long[] {digest.getLong(), digest.getLong()};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The first 8 orthonormal DCT-II basis vectors of length n, row-major (frequency, position). */
    private static double[] basis(int n) {
        return BASES.computeIfAbsent(n, size -> {
            double[] basis = new double[SIDE * size];
            for (int k = 0; k < SIDE; k++) {
                double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / size);
                for (int x = 0; x < size; x++) {
                    basis[k * size + x] = scale * Math.cos(Math.PI * (2 * x + 1) * k / (2.0 * size));
                }
            }
            return basis;
        });
    }
}
