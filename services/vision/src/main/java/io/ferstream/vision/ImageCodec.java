package io.ferstream.vision;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Decoding, encoding and resizing of grayscale images through OpenCV. Stateless and thread-safe
 * (every call allocates and frees its own Mats).
 */
public final class ImageCodec {

    /** FER2013's side length. */
    public static final int FER_SIDE = 48;

    private ImageCodec() {}

    /**
     * Decodes JPEG/PNG (or any format OpenCV reads) bytes to 8-bit grayscale, like
     * {@code cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)}; colour images are converted with OpenCV's
     * BGR→gray weights.
     *
     * @throws IllegalArgumentException if the bytes are not an image OpenCV can decode
     */
    public static GrayImage decodeGray(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            throw new IllegalArgumentException("no image bytes");
        }
        OpenCvLoader.ensureLoaded();
        MatOfByte buf = new MatOfByte(encoded);
        Mat m = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_GRAYSCALE);
        try {
            if (m.empty()) {
                throw new IllegalArgumentException(
                        "could not decode " + encoded.length + " bytes as an image (not a JPEG/PNG/... or corrupt)");
            }
            return Mats.get(m);
        } finally {
            buf.release();
            m.release();
        }
    }

    /** Lossless PNG bytes of {@code image}. */
    public static byte[] encodePng(GrayImage image) {
        OpenCvLoader.ensureLoaded();
        Mat m = Mats.put(image, null);
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".png", m, out)) {
                throw new IllegalStateException("OpenCV could not encode a PNG");
            }
            return out.toArray();
        } finally {
            m.release();
            out.release();
        }
    }

    /**
     * Resizes to {@code width × height}: {@code INTER_AREA} when shrinking (pixel-area averaging,
     * no aliasing), {@code INTER_LINEAR} when enlarging; the same size returns {@code image} itself.
     */
    public static GrayImage resize(GrayImage image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (width == image.width() && height == image.height()) {
            return image;
        }
        OpenCvLoader.ensureLoaded();
        boolean shrink = width <= image.width() && height <= image.height();
        Mat src = Mats.put(image, null);
        Mat dst = new Mat();
        try {
            Imgproc.resize(src, dst, new Size(width, height), 0, 0,
                    shrink ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            return Mats.get(dst);
        } finally {
            src.release();
            dst.release();
        }
    }

    /** {@link #resize} to FER2013's 48×48. */
    public static GrayImage toFerSize(GrayImage image) {
        return resize(image, FER_SIDE, FER_SIDE);
    }
}
