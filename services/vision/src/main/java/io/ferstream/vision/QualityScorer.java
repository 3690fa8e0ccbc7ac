package io.ferstream.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Computes {@link QualityScores} for one image at a time.
 *
 * <p>Blur, brightness and contrast are pure Java ({@link PixelStats}); the edge density is
 * OpenCV's {@code Canny(img, 50, 150)} with the defaults the original used (aperture 3, L1
 * gradient), then {@code countNonZero / size}.
 *
 * <p><b>Not thread-safe:</b> an instance reuses two native {@link Mat}s between calls so that the
 * per-image cost stays low. Use one instance per thread (e.g. per stream task) and {@link #close()}
 * it to free the native memory. For throughput, pin OpenCV to one thread per process
 * ({@link OpenCvLoader#setNumThreads(int) OpenCvLoader.setNumThreads(1)}) and scale with threads.
 */
public final class QualityScorer implements AutoCloseable {

    /** The original's hard-coded Canny thresholds. */
    public static final double SEED_CANNY_LOW = 50;

    public static final double SEED_CANNY_HIGH = 150;

    private final double cannyLow;
    private final double cannyHigh;
    private final Mat src;
    private final Mat edges;
    private boolean closed;

    /** A scorer with the original's Canny thresholds 50 / 150. */
    public QualityScorer() {
        this(SEED_CANNY_LOW, SEED_CANNY_HIGH);
    }

    public QualityScorer(double cannyLow, double cannyHigh) {
        if (!(cannyLow >= 0 && cannyHigh >= cannyLow)) {
            throw new IllegalArgumentException(
                    "Canny thresholds need 0 <= low <= high, got " + cannyLow + " / " + cannyHigh);
        }
        this.cannyLow = cannyLow;
        this.cannyHigh = cannyHigh;
        OpenCvLoader.ensureLoaded(); // before the first Mat
        this.src = new Mat();
        this.edges = new Mat();
    }

    /** All four scores of {@code image}. */
    public QualityScores score(GrayImage image) {
        double[] meanStd = PixelStats.meanAndStd(image);
        return new QualityScores(
                PixelStats.laplacianVariance(image), meanStd[0], meanStd[1], edgeDensity(image));
    }

    /** Share of non-zero pixels of {@code Canny(image, low, high)} (aperture 3, L1 gradient). */
    public double edgeDensity(GrayImage image) {
        ensureOpen();
        Mats.put(image, src);
        Imgproc.Canny(src, edges, cannyLow, cannyHigh, 3, false);
        return (double) Core.countNonZero(edges) / image.size();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("QualityScorer is closed");
        }
    }

    /** Frees the native buffers; the scorer can't be used afterwards. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            src.release();
            edges.release();
        }
    }
}
