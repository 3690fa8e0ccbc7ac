package io.ferstream.vision;

/**
 * Pure-Java pixel statistics that equal the original Python/OpenCV formulas without a native call.
 *
 * <ul>
 *   <li>{@link #laplacianVariance}: {@code cv2.Laplacian(img, cv2.CV_64F).var()}, i.e. OpenCV's
 *       {@code ksize=1} Laplacian (3×3 kernel {@code 0 1 0 / 1 -4 1 / 0 1 0}) with
 *       {@code BORDER_REFLECT_101}, then numpy's population variance.
 *   <li>{@link #mean} and {@link #std}: {@code img.mean()} and {@code np.std(img)} (population).
 * </ul>
 *
 * <p>All sums are integer sums, so they are exact; the variance is formed from the exact integer
 * {@code n·Σx² − (Σx)²} and rounded once. The result is the correctly rounded value up to one or
 * two ulps, which OpenCV/numpy match to about 1e-15 relative. Stateless and thread-safe.
 */
public final class PixelStats {

    private PixelStats() {}

    /** {@code {mean, population std}} of the grey values in one pass. */
    public static double[] meanAndStd(GrayImage image) {
        byte[] p = image.pixelsUnsafe();
        long sum = 0;
        long sumSq = 0;
        for (byte b : p) {
            int v = b & 0xFF;
            sum += v;
            sumSq += v * v;
        }
        return new double[] {(double) sum / p.length, Math.sqrt(variance(p.length, sum, sumSq))};
    }

    /** Mean grey value. */
    public static double mean(GrayImage image) {
        byte[] p = image.pixelsUnsafe();
        long sum = 0;
        for (byte b : p) {
            sum += b & 0xFF;
        }
        return (double) sum / p.length;
    }

    /** Population standard deviation of the grey values. */
    public static double std(GrayImage image) {
        byte[] p = image.pixelsUnsafe();
        long sum = 0;
        long sumSq = 0;
        for (byte b : p) {
            int v = b & 0xFF;
            sum += v;
            sumSq += v * v;
        }
        return Math.sqrt(variance(p.length, sum, sumSq));
    }

    /**
     * Population variance of the 3×3 four-neighbour Laplacian with reflect-101 borders (the
     * original's blur score).
     */
    public static double laplacianVariance(GrayImage image) {
        int w = image.width();
        int h = image.height();
        byte[] p = image.pixelsUnsafe();
        long sum = 0;
        long sumSq = 0;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int up = reflect101(y - 1, h) * w;
            int down = reflect101(y + 1, h) * w;
            // Border columns go through reflect101; the interior loop needs no index checks.
            if (w == 1) {
                int l = (p[up] & 0xFF) + (p[down] & 0xFF) + 2 * (p[row] & 0xFF) - 4 * (p[row] & 0xFF);
                sum += l;
                sumSq += (long) l * l;
                continue;
            }
            int l0 = lap(p, row, up, down, 0, 1, 1);
            sum += l0;
            sumSq += (long) l0 * l0;
            for (int x = 1; x < w - 1; x++) {
                int c = p[row + x] & 0xFF;
                int l = (p[up + x] & 0xFF) + (p[down + x] & 0xFF)
                        + (p[row + x - 1] & 0xFF) + (p[row + x + 1] & 0xFF) - 4 * c;
                sum += l;
                sumSq += (long) l * l;
            }
            int l1 = lap(p, row, up, down, w - 1, w - 2, w - 2);
            sum += l1;
            sumSq += (long) l1 * l1;
        }
        return variance((long) w * h, sum, sumSq);
    }

    private static int lap(byte[] p, int row, int up, int down, int x, int left, int right) {
        return (p[up + x] & 0xFF) + (p[down + x] & 0xFF)
                + (p[row + left] & 0xFF) + (p[row + right] & 0xFF) - 4 * (p[row + x] & 0xFF);
    }

    /** OpenCV's BORDER_REFLECT_101 index for one step outside {@code [0, n)} ({@code gfedcb|abcdefgh|gfedcba}). */
    static int reflect101(int i, int n) {
        if (n == 1) {
            return 0;
        }
        if (i < 0) {
            return -i;
        }
        if (i >= n) {
            return 2 * n - 2 - i;
        }
        return i;
    }

    /**
     * {@code (n·Σx² − (Σx)²) / n²}: exact in 128-bit integer arithmetic, then one rounding to double
     * (plus the division).
     */
    static double variance(long n, long sum, long sumSq) {
        // n*sumSq and sum*sum fit 128 bits for any image a Java array can hold.
        long aHi = Math.multiplyHigh(n, sumSq);
        long aLo = n * sumSq;
        long bHi = Math.multiplyHigh(sum, sum);
        long bLo = sum * sum;
        long lo = aLo - bLo;
        long hi = aHi - bHi - (Long.compareUnsigned(aLo, bLo) < 0 ? 1 : 0);
        double numerator = toDouble(hi, lo);
        double nn = (double) n * (double) n;
        return numerator <= 0 ? 0.0 : numerator / nn;
    }

    /** The signed 128-bit integer {@code hi·2⁶⁴ + lo} (lo unsigned) as a double. */
    private static double toDouble(long hi, long lo) {
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return (double) lo; // fits in a signed long
        }
        return new java.math.BigInteger(Long.toString(hi))
                .shiftLeft(64)
                .add(new java.math.BigInteger(Long.toUnsignedString(lo)))
                .doubleValue();
    }
}
