package io.ferstream.model.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.ferstream.model.ModelCardException;
import io.ferstream.model.ShippedModel;
import io.ferstream.model.onnx.ModelLoadException;
import io.ferstream.vision.DetectorAvailability;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.FaceDetector;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.Mats;
import io.ferstream.vision.OpenCvLoader;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * The YuNet ONNX face detector run by OpenCV's {@link FaceDetectorYN} (e.g.
 * {@code face_detection_yunet_2023mar.onnx}): the one shipped in this module ({@link #shipped()}),
 * or a file the user names. OpenCV's DNN runs it, not ONNX Runtime: the file has a fixed
 * 1×3×640×640 input that only {@code FaceDetectorYN} resizes.
 *
 * <p>YuNet is trained on scenes, not on tight crops, so a small image is padded by
 * {@code padFraction} with a replicated border and scaled so its longer side is {@code inputSide}
 * before detection; boxes are mapped back to the original image and clipped to it.
 *
 * <p>Build it through {@link #create(Config)}, which reports a missing or unreadable model as
 * {@link DetectorAvailability.Unavailable} instead of throwing, or {@link #load(Config)} where a
 * detector is required (the live classifier). {@link #detectFaces} also returns each face's five
 * landmarks and score; {@link #detect} only the boxes.
 *
 * <p><b>Not thread-safe</b>: one instance per thread; {@link #close()} it.
 */
public final class YuNetDetector implements FaceDetector {

    /**
     * @param model the YuNet {@code .onnx} file
     * @param padFraction replicate border per side, as a share of width / height
     * @param inputSide the padded image is scaled so its longer side has this many pixels
     * @param scoreThreshold faces scoring below are dropped
     * @param nmsThreshold IoU of YuNet's non-maximum suppression
     */
    public record Config(
            Path model, double padFraction, int inputSide, float scoreThreshold, float nmsThreshold) {

        /**
         * Settings for 48×48 crops with the model at {@code model}: scaled to 128 px, no padding, score
         * 0.5. Measured on an eighth of FER2013's TRAIN and VALIDATION: 128 px finds one face as often as
         * 160 px at 1.6× the speed; padding loses faces (5.5 % none at 15 %); score 0.5 instead of
         * OpenCV Zoo's 0.6 cuts images without a face from 2.1 % to 1.5 %, and 322 synthetic non-faces
         * still give no face at all (README, Face validation).
         */
        public static Config forModel(Path model) {
            return new Config(model, 0.0, 128, 0.5f, 0.3f);
        }

        /**
         * Settings for whole live frames (e.g. 640×480 webcam images) with the model at {@code model}:
         * the longer side scaled to 320 px (a 640×480 frame is detected at 320×240), no padding, score
         * 0.5, NMS 0.3. Measured on 300 FER2013 VALIDATION faces enlarged to 120–160 px in 640×480
         * JPEG scenes (services/classifier README): 320 px finds 96 % of them at 7.4 ms a frame, 640 px
         * 99.3 % at 26 ms; score 0.6 instead of 0.5 loses 1.7 points; no scene gave a face where there
         * was none.
         */
        public static Config forFrames(Path model) {
            return new Config(model, 0.0, 320, 0.5f, 0.3f);
        }

        public Config {
            if (model == null) {
                throw new IllegalArgumentException("model path must not be null");
            }
            if (!(padFraction >= 0 && padFraction <= 2)) {
                throw new IllegalArgumentException("padFraction must be in 0..2, got " + padFraction);
            }
            if (inputSide < 16 || inputSide > 4096) {
                throw new IllegalArgumentException("inputSide must be in 16..4096, got " + inputSide);
            }
            if (!(scoreThreshold > 0 && scoreThreshold < 1) || !(nmsThreshold > 0 && nmsThreshold <= 1)) {
                throw new IllegalArgumentException("thresholds must be in (0,1), got "
                        + scoreThreshold + " / " + nmsThreshold);
            }
        }

        public Config withScoreThreshold(float t) {
            return new Config(model, padFraction, inputSide, t, nmsThreshold);
        }

        public Config withPadFraction(double p) {
            return new Config(model, p, inputSide, scoreThreshold, nmsThreshold);
        }

        public Config withInputSide(int s) {
            return new Config(model, padFraction, s, scoreThreshold, nmsThreshold);
        }
    }

    private final Config config;
    private final FaceDetectorYN yunet;
    private final Mat src = new Mat();
    private final Mat padded = new Mat();
    private final Mat scaled = new Mat();
    private final Mat bgr = new Mat();
    private final Mat faces = new Mat();
    private Size inputSize = new Size(0, 0);
    private boolean closed;

    private YuNetDetector(Config config, FaceDetectorYN yunet) {
        this.config = config;
        this.yunet = yunet;
    }

    /**
     * Builds the detector, or says why it can't: no such model file, or a file OpenCV can't load
     * (also when the OpenCV natives themselves fail to load).
     */
    public static DetectorAvailability forModel(Path model) {
        return create(Config.forModel(model));
    }

    /**
     * The YuNet shipped in this module (extracted once per JVM, sha256 checked against its card) with
     * the settings for 48×48 crops; unavailable, with the reason, if the resource is missing or altered.
     */
    public static DetectorAvailability shipped() {
        try {
            return forModel(shippedModel());
        } catch (ModelCardException e) {
            return new DetectorAvailability.Unavailable("yunet:shipped", e.getMessage());
        }
    }

    /** The shipped YuNet's file (extracted once per JVM, sha256 checked against its card). */
    public static Path shippedModel() {
        return ShippedModel.yunet().model();
    }

    /**
     * Builds the detector from {@code config} where one is required.
     *
     * @throws ModelLoadException with the reason when the model is missing or cannot be loaded
     */
    public static YuNetDetector load(Config config) {
        DetectorAvailability availability = create(config);
        if (availability instanceof DetectorAvailability.Unavailable missing) {
            throw new ModelLoadException(config.model(), missing.reason());
        }
        return (YuNetDetector) ((DetectorAvailability.Available) availability).detector();
    }

    /** Builds the detector from {@code config}, reporting a missing or unreadable model as unavailable. */
    public static DetectorAvailability create(Config config) {
        String name = "yunet:" + config.model().getFileName();
        Path model = config.model();
        if (!Files.isRegularFile(model)) {
            return new DetectorAvailability.Unavailable(name, "model file not found: " + model.toAbsolutePath());
        }
        if (!Files.isReadable(model)) {
            return new DetectorAvailability.Unavailable(name, "model file not readable: " + model.toAbsolutePath());
        }
        try {
            OpenCvLoader.ensureLoaded();
            FaceDetectorYN yn = FaceDetectorYN.create(
                    model.toString(), "", new Size(config.inputSide(), config.inputSide()),
                    config.scoreThreshold(), config.nmsThreshold(), 5000);
            return new DetectorAvailability.Available(new YuNetDetector(config, yn));
        } catch (RuntimeException | LinkageError e) { // CvException from a bad model, load failures
            return new DetectorAvailability.Unavailable(
                    name, "could not load " + model.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "yunet:" + config.model().getFileName();
    }

    @Override
    public List<FaceBox> detect(GrayImage image) {
        return detectFaces(image).stream().map(DetectedFace::box).toList();
    }

    /** The faces in {@code image} with landmarks and scores, largest box first; empty when there is none. */
    public List<DetectedFace> detectFaces(GrayImage image) {
        if (closed) {
            throw new IllegalStateException("YuNetDetector is closed");
        }
        int w = image.width();
        int h = image.height();
        int padX = (int) Math.round(config.padFraction() * w);
        int padY = (int) Math.round(config.padFraction() * h);
        Mat input = Mats.putPadded(image, src, padded, padX, padY);
        double scale = (double) config.inputSide() / Math.max(input.cols(), input.rows());
        Size target = new Size(
                Math.max(1, Math.round(input.cols() * scale)), Math.max(1, Math.round(input.rows() * scale)));
        Imgproc.resize(input, scaled, target, 0, 0, scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        Imgproc.cvtColor(scaled, bgr, Imgproc.COLOR_GRAY2BGR);
        if (target.width != inputSize.width || target.height != inputSize.height) {
            yunet.setInputSize(target);
            inputSize = target;
        }
        yunet.detect(bgr, faces);
        List<DetectedFace> found = new ArrayList<>(faces.rows());
        float[] row = new float[faces.cols()];
        double sx = input.cols() / target.width;
        double sy = input.rows() / target.height;
        for (int i = 0; i < faces.rows(); i++) {
            faces.get(i, 0, row);
            // row: x, y, w, h, 5 landmarks (x, y), score, in the scaled image's pixels
            int x0 = (int) Math.round(row[0] * sx);
            int y0 = (int) Math.round(row[1] * sy);
            int x1 = (int) Math.round((row[0] + row[2]) * sx);
            int y1 = (int) Math.round((row[1] + row[3]) * sy);
            FaceBox b = x1 > x0 && y1 > y0 ? new FaceBox(x0, y0, x1 - x0, y1 - y0).shiftAndClip(padX, padY, w, h) : null;
            if (b != null) {
                float[] landmarks = new float[DetectedFace.LANDMARK_VALUES];
                for (int k = 0; k < landmarks.length; k += 2) {
                    landmarks[k] = (float) (row[4 + k] * sx - padX);
                    landmarks[k + 1] = (float) (row[5 + k] * sy - padY);
                }
                found.add(new DetectedFace(b, landmarks, row[14]));
            }
        }
        found.sort(Comparator.comparing(DetectedFace::box, FaceBox.LARGEST_FIRST));
        return List.copyOf(found);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            src.release();
            padded.release();
            scaled.release();
            bgr.release();
            faces.release();
        }
    }
}
