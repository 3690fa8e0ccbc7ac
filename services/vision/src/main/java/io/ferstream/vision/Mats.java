package io.ferstream.vision;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Conversions between {@link GrayImage} and OpenCV {@link Mat}s (for OpenCV code here and in the model layer's YuNet). */
public final class Mats {

    private Mats() {}

    /**
     * Copies {@code image} into {@code reuse} (re-allocated only when the size differs) and returns
     * it. Pass {@code null} to get a fresh Mat.
     */
    public static Mat put(GrayImage image, Mat reuse) {
        Mat m = reuse == null ? new Mat() : reuse;
        m.create(image.height(), image.width(), CvType.CV_8UC1);
        m.put(0, 0, image.pixelsUnsafe());
        return m;
    }

    /**
     * Copies {@code image} into {@code src} and, when a pad is asked for, surrounds it with
     * {@code padX}/{@code padY} replicated pixels in {@code padded}. Returns the Mat to detect on.
     */
    public static Mat putPadded(GrayImage image, Mat src, Mat padded, int padX, int padY) {
        put(image, src);
        if (padX == 0 && padY == 0) {
            return src;
        }
        Core.copyMakeBorder(src, padded, padY, padY, padX, padX, Core.BORDER_REPLICATE);
        return padded;
    }

    /** Reads a single-channel 8-bit Mat into a new image. */
    public static GrayImage get(Mat m) {
        if (m.type() != CvType.CV_8UC1) {
            throw new IllegalArgumentException("expected an 8-bit one-channel Mat, got " + CvType.typeToString(m.type()));
        }
        Mat src = m.isContinuous() ? m : m.clone();
        byte[] out = new byte[m.rows() * m.cols()];
        src.get(0, 0, out);
        if (src != m) {
            src.release();
        }
        return GrayImage.owning(m.cols(), m.rows(), out);
    }
}
