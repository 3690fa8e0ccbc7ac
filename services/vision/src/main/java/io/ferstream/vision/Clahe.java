package io.ferstream.vision;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/**
 * Contrast-limited adaptive histogram equalisation with OpenCV's semantics
 * ({@code cv2.createCLAHE(clipLimit, tileGridSize).apply(img)}), as the original enhancer used it.
 *
 * <p>OpenCV turns the clip limit into a count per histogram bin as
 * {@code max((int)(clipLimit · tileArea / 256), 1)}; on a 48×48 image with 8×8 tiles (6×6 = 36
 * pixels per tile) that is 1. This class only passes the parameters on, so OpenCV's rule applies.
 *
 * <p><b>Not thread-safe:</b> the native CLAHE object and the Mats are reused between calls. Use one
 * instance per thread and {@link #close()} it.
 */
public final class Clahe implements AutoCloseable {

    /**
     * The seed's parameters and so the enhancer's defaults, written here only (the trainer's
     * {@code Preprocessing.TRAINER} still repeats them until the model module takes it over).
     */
    public static final double SEED_CLIP_LIMIT = 2.0;

    public static final int SEED_TILES = 8;

    private final double clipLimit;
    private final int tilesX;
    private final int tilesY;
    private final CLAHE clahe;
    private final Mat src;
    private final Mat dst;
    private boolean closed;

    /** CLAHE with clip limit 2.0 and an 8×8 tile grid. */
    public Clahe() {
        this(SEED_CLIP_LIMIT, SEED_TILES, SEED_TILES);
    }

    /**
     * @param clipLimit OpenCV's clip limit (a multiple of the mean bin height), {@code > 0}
     * @param tilesX tiles across, {@code >= 1}
     * @param tilesY tiles down, {@code >= 1}
     */
    public Clahe(double clipLimit, int tilesX, int tilesY) {
        if (!(clipLimit > 0) || Double.isInfinite(clipLimit)) {
            throw new IllegalArgumentException("clip limit must be a positive number, got " + clipLimit);
        }
        if (tilesX < 1 || tilesY < 1) {
            throw new IllegalArgumentException("tile grid must be at least 1x1, got " + tilesX + "x" + tilesY);
        }
        this.clipLimit = clipLimit;
        this.tilesX = tilesX;
        this.tilesY = tilesY;
        OpenCvLoader.ensureLoaded();
        this.clahe = Imgproc.createCLAHE(clipLimit, new Size(tilesX, tilesY));
        this.src = new Mat();
        this.dst = new Mat();
    }

    public double clipLimit() {
        return clipLimit;
    }

    public int tilesX() {
        return tilesX;
    }

    public int tilesY() {
        return tilesY;
    }

    /** A new, equalised image of the same size. */
    public GrayImage apply(GrayImage image) {
        if (closed) {
            throw new IllegalStateException("Clahe is closed");
        }
        Mats.put(image, src);
        clahe.apply(src, dst);
        return Mats.get(dst);
    }

    /** Frees the native buffers (the CLAHE object itself is freed by its finaliser). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            clahe.collectGarbage();
            src.release();
            dst.release();
        }
    }
}
