package io.ferstream.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.objdetect.CascadeClassifier;

/**
 * OpenCV Haar-cascade face detector for small, tightly cropped faces such as FER2013's 48×48.
 *
 * <p>A cascade cannot find a face that fills the whole frame (its window needs some context), so
 * the image is first padded on every side by {@code padFraction} of its size with a replicated
 * border ({@code BORDER_REPLICATE}). Boxes are then shifted back by the pad and clipped to the
 * original image.
 *
 * <p>The cascade XML comes from the classpath: the {@code org.bytedeco:opencv:linux-x86_64} jar
 * carries OpenCV's cascades as resources (only the XML files are used, never a bytedeco class).
 * {@link CascadeClassifier} reads a file, so the resource is copied to a temporary file that is
 * deleted right after loading.
 *
 * <p><b>Not thread-safe</b> (reuses native Mats): one instance per thread; {@link #close()} it.
 */
public final class HaarFaceDetector implements FaceDetector {

    /** Where the cascades sit inside the bytedeco natives jar. */
    static final String RESOURCE_DIR = "org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/";

    /** The frontal-face cascades shipped with OpenCV. */
    public enum Cascade {
        /** {@code haarcascade_frontalface_default.xml} (stumps, 24×24 window). */
        FRONTALFACE_DEFAULT("haarcascade_frontalface_default.xml"),
        /** {@code haarcascade_frontalface_alt2.xml} (trees, 20×20 window). */
        FRONTALFACE_ALT2("haarcascade_frontalface_alt2.xml");

        private final String fileName;

        Cascade(String fileName) {
            this.fileName = fileName;
        }

        public String resource() {
            return RESOURCE_DIR + fileName;
        }

        String shortName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Detector settings.
     *
     * @param cascade which cascade
     * @param padFraction replicate border on each side, as a share of the image's width (left and
     *     right) and height (top and bottom); 0 disables padding
     * @param scaleFactor {@code detectMultiScale} scale step, {@code > 1}
     * @param minNeighbors {@code detectMultiScale} minimum neighbours, {@code >= 0}
     * @param minSizeFraction smallest face side searched, as a share of the ORIGINAL image's shorter
     *     side (before padding); 0 lets OpenCV use the cascade's window size
     */
    public record Config(
            Cascade cascade, double padFraction, double scaleFactor, int minNeighbors, double minSizeFraction) {

        /**
         * The measured setting for 48×48 crops: {@code frontalface_default}, 25 % pad, scale 1.1,
         * minNeighbors 3, minimum face side = half the image side.
         */
        public static final Config DEFAULT = new Config(Cascade.FRONTALFACE_DEFAULT, 0.25, 1.1, 3, 0.5);

        public Config {
            if (cascade == null) {
                throw new IllegalArgumentException("cascade must not be null");
            }
            if (!(padFraction >= 0 && padFraction <= 2)) {
                throw new IllegalArgumentException("padFraction must be in 0..2, got " + padFraction);
            }
            if (!(scaleFactor > 1 && scaleFactor <= 4)) {
                throw new IllegalArgumentException("scaleFactor must be in (1, 4], got " + scaleFactor);
            }
            if (minNeighbors < 0) {
                throw new IllegalArgumentException("minNeighbors must be >= 0, got " + minNeighbors);
            }
            if (!(minSizeFraction >= 0 && minSizeFraction <= 1)) {
                throw new IllegalArgumentException("minSizeFraction must be in 0..1, got " + minSizeFraction);
            }
        }

        public Config withCascade(Cascade c) {
            return new Config(c, padFraction, scaleFactor, minNeighbors, minSizeFraction);
        }

        public Config withPadFraction(double p) {
            return new Config(cascade, p, scaleFactor, minNeighbors, minSizeFraction);
        }

        public Config withMinSizeFraction(double f) {
            return new Config(cascade, padFraction, scaleFactor, minNeighbors, f);
        }
    }

    private final Config config;
    private final CascadeClassifier classifier;
    private final Mat src;
    private final Mat padded;
    private final MatOfRect found;
    private boolean closed;

    /** The {@link Config#DEFAULT} detector. */
    public HaarFaceDetector() {
        this(Config.DEFAULT);
    }

    /**
     * @throws IllegalStateException if the cascade resource is missing from the classpath or OpenCV
     *     can't parse it, or if OpenCV can't be loaded
     */
    public HaarFaceDetector(Config config) {
        this(config, config.cascade().resource());
    }

    /**
     * Builds the detector, or says why it can't (the cascade resource or OpenCV itself is missing):
     * the face stage then skips its check and says why, never "reject everything".
     */
    public static DetectorAvailability create(Config config) {
        try {
            return new DetectorAvailability.Available(new HaarFaceDetector(config));
        } catch (RuntimeException | LinkageError e) {
            return new DetectorAvailability.Unavailable(
                    "haar:" + config.cascade().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
        }
    }

    /** Loads the cascade from an explicit classpath resource (tests use it for the error path). */
    HaarFaceDetector(Config config, String resource) {
        this.config = config;
        OpenCvLoader.ensureLoaded();
        this.classifier = loadCascade(resource);
        this.src = new Mat();
        this.padded = new Mat();
        this.found = new MatOfRect();
    }

    private static CascadeClassifier loadCascade(String resource) {
        ClassLoader cl = HaarFaceDetector.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Haar cascade resource '" + resource + "' is not on the classpath; it comes from "
                                + "org.bytedeco:opencv:<version>:linux-x86_64 (a dependency of fer-vision)");
            }
            Path tmp = Files.createTempFile("fer-haar-", ".xml");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                CascadeClassifier c;
                try {
                    c = new CascadeClassifier(tmp.toString());
                } catch (RuntimeException e) { // CvException: not an OpenCV XML file
                    throw new IllegalStateException(
                            "OpenCV could not parse the Haar cascade from resource '" + resource + "': " + e.getMessage(), e);
                }
                if (c.empty()) {
                    throw new IllegalStateException(
                            "OpenCV could not parse the Haar cascade from resource '" + resource + "'");
                }
                return c;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy Haar cascade resource '" + resource + "'", e);
        }
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "haar:" + config.cascade().shortName();
    }

    @Override
    public List<FaceBox> detect(GrayImage image) {
        if (closed) {
            throw new IllegalStateException("HaarFaceDetector is closed");
        }
        int w = image.width();
        int h = image.height();
        int padX = (int) Math.round(config.padFraction() * w);
        int padY = (int) Math.round(config.padFraction() * h);
        Mat input = Mats.putPadded(image, src, padded, padX, padY);
        int minSide = (int) Math.round(config.minSizeFraction() * Math.min(w, h));
        classifier.detectMultiScale(
                input, found, config.scaleFactor(), config.minNeighbors(), 0,
                new Size(minSide, minSide), new Size());
        Rect[] rects = found.toArray();
        List<FaceBox> boxes = new ArrayList<>(rects.length);
        for (Rect r : rects) {
            FaceBox b = new FaceBox(r.x, r.y, r.width, r.height).shiftAndClip(padX, padY, w, h);
            if (b != null) {
                boxes.add(b);
            }
        }
        boxes.sort(FaceBox.LARGEST_FIRST);
        return List.copyOf(boxes);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            src.release();
            padded.release();
            found.release();
        }
    }
}
