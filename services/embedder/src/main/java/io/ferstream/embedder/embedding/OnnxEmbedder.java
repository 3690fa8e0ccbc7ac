package io.ferstream.embedder.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.ferstream.vision.Clahe;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.OpenCvLoader;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * An embedding computed by any ONNX model through DJL's ONNX Runtime engine, on the CPU, offline.
 *
 * <p>The GRAY8 face is resized bilinearly to the model's input size, CLAHE'd when the config asks
 * (a FER model's contract), replicated to three channels for RGB models, normalised as
 * {@code (x − mean) · scale} and laid out NCHW or NHWC with a batch of one. The embedding is the named (or first) output, flattened, as the model returns it (not
 * L2-normalised: the outlier rule compares by cosine).
 *
 * <p>Loading runs one inference on a blank image, so a wrong input name, size or layout, or an
 * unknown output name, fails here rather than on the first face. Each instance owns one ONNX Runtime
 * session and one predictor: not thread-safe, one per stream task, {@link #close()} after. ONNX
 * Runtime uses {@code intraOpThreads} threads per inference (1 by default: stream threads give the
 * parallelism, as with OpenCV in the vision stages).
 */
public final class OnnxEmbedder implements Embedder {

    /** Where the channel axis of the model's input sits. */
    public enum Layout { NCHW, NHWC }

    /** What the model expects: one gray channel, or three (the gray value replicated to R, G and B). */
    public enum ColorMode {
        GRAY(1), RGB(3);

        private final int channels;

        ColorMode(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }
    }

    /** OpenCV CLAHE parameters: clip limit and tiles per side. */
    public record ClaheSettings(double clipLimit, int tiles) {
        public ClaheSettings {
            if (!(clipLimit > 0) || tiles < 1) {
                throw new IllegalArgumentException("CLAHE needs a clip limit > 0 and tiles >= 1, got " + clipLimit + "/" + tiles);
            }
        }
    }

    /**
     * How to feed one ONNX embedding model.
     *
     * @param model      the {@code .onnx} file
     * @param inputName  the input to feed; {@code null} = the model's only input
     * @param width      the model's input width in pixels
     * @param height     the model's input height in pixels
     * @param layout     NCHW or NHWC
     * @param color      GRAY (one channel) or RGB (three equal channels)
     * @param mean       subtracted from each 0..255 pixel value
     * @param scale      then multiplied: {@code x' = (x − mean) · scale}
     * @param outputName the output that holds the embedding; {@code null} = the model's first output
     * @param clahe      CLAHE applied to the face at the model's input size; {@code null} = none
     */
    public record Config(Path model, String inputName, int width, int height, Layout layout, ColorMode color,
                         float mean, float scale, String outputName, ClaheSettings clahe) {

        /** The largest accepted input side; far above any embedding model, it only stops typos. */
        public static final int MAX_SIDE = 4096;

        public Config {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(color, "color");
            if (inputName != null && inputName.isBlank()) {
                throw new IllegalArgumentException("input name must be null (the only input) or non-blank");
            }
            if (outputName != null && outputName.isBlank()) {
                throw new IllegalArgumentException("output name must be null (the first output) or non-blank");
            }
            if (width < 1 || width > MAX_SIDE || height < 1 || height > MAX_SIDE) {
                throw new IllegalArgumentException(
                        "input size must be 1.." + MAX_SIDE + " on each side, got " + width + "x" + height);
            }
            if (!Float.isFinite(mean)) {
                throw new IllegalArgumentException("mean must be finite, got " + mean);
            }
            if (!Float.isFinite(scale) || scale == 0f) {
                throw new IllegalArgumentException("scale must be finite and non-zero, got " + scale);
            }
        }

        /**
         * MobileFaceNet ({@code shared/models/mobilefacenet.onnx}): input {@code input} float32
         * [1,3,112,112] RGB, {@code (x − 127.5) / 128}; output {@code embedding} [1,128].
         */
        public static Config mobileFaceNet(Path model) {
            return new Config(model, null, 112, 112, Layout.NCHW, ColorMode.RGB, 127.5f, 1f / 128f, null, null);
        }

        /** The input tensor's shape, batch of one. */
        public long[] inputShape() {
            int c = color.channels();
            return layout == Layout.NCHW ? new long[] {1, c, height, width} : new long[] {1, height, width, c};
        }

        public Config withModel(Path other) {
            return new Config(other, inputName, width, height, layout, color, mean, scale, outputName, clahe);
        }

        public Config withInputName(String name) {
            return new Config(model, name, width, height, layout, color, mean, scale, outputName, clahe);
        }

        public Config withSize(int w, int h) {
            return new Config(model, inputName, w, h, layout, color, mean, scale, outputName, clahe);
        }

        public Config withLayout(Layout l) {
            return new Config(model, inputName, width, height, l, color, mean, scale, outputName, clahe);
        }

        public Config withColor(ColorMode c) {
            return new Config(model, inputName, width, height, layout, c, mean, scale, outputName, clahe);
        }

        public Config withNormalisation(float m, float s) {
            return new Config(model, inputName, width, height, layout, color, m, s, outputName, clahe);
        }

        public Config withClahe(ClaheSettings settings) {
            return new Config(model, inputName, width, height, layout, color, mean, scale, outputName, settings);
        }

        public Config withOutputName(String name) {
            return new Config(model, inputName, width, height, layout, color, mean, scale, name, clahe);
        }
    }

    /** DJL's switch that keeps it from any network access (model zoo, native downloads). */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private final Config config;
    private final ZooModel<float[], float[]> model;
    private final Predictor<float[], float[]> predictor;
    private final String name;
    private final Mat source;
    private final Mat resized;
    private final byte[] gray;
    private final float[] blob;
    private final Clahe clahe;
    private final int dimension;

    /** Loads the model with one ONNX Runtime thread per inference. */
    public OnnxEmbedder(Config config) {
        this(config, 1);
    }

    /**
     * Loads the model; {@code intraOpThreads} is ONNX Runtime's thread count for one inference.
     *
     * @throws EmbeddingModelException if the file is missing or unreadable, is not an ONNX model
     *                                 ONNX Runtime can load, or does not accept this configuration
     */
    public OnnxEmbedder(Config config, int intraOpThreads) {
        this.config = Objects.requireNonNull(config, "config");
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
        Path path = config.model();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new EmbeddingModelException(path, "ONNX embedding model " + path.toAbsolutePath()
                    + (Files.exists(path) ? " is not a readable file" : " does not exist"));
        }
        goOffline();
        OpenCvLoader.ensureLoaded();
        String fileName = path.getFileName().toString();
        this.name = "onnx:" + (fileName.toLowerCase(Locale.ROOT).endsWith(".onnx")
                ? fileName.substring(0, fileName.length() - 5) : fileName);
        Criteria<float[], float[]> criteria = Criteria.builder()
                .setTypes(float[].class, float[].class)
                // The folder plus the file name, not the file itself: same model, without DJL's
                // "Simple repository pointing to a non-archive file" warning on every load.
                .optModelPath(path.toAbsolutePath().getParent())
                .optModelName(fileName)
                .optEngine("OnnxRuntime")
                .optDevice(Device.cpu())
                .optTranslator(new BlobTranslator(config))
                // DJL only applies intraOpNumThreads when interOpNumThreads is set too.
                .optOption("interOpNumThreads", "1")
                .optOption("intraOpNumThreads", Integer.toString(intraOpThreads))
                .build();
        try {
            this.model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new EmbeddingModelException(path, "ONNX embedding model " + path.toAbsolutePath()
                    + " could not be loaded: " + rootMessage(e), e);
        }
        try {
            List<String> inputs = model.describeInput().keys();
            if (inputs.size() != 1) {
                throw new EmbeddingModelException(path, "ONNX embedding model " + path.toAbsolutePath() + " has inputs "
                        + inputs + "; only single-input models are supported");
            }
            if (config.inputName() != null && !inputs.contains(config.inputName())) {
                throw new EmbeddingModelException(path, "ONNX embedding model " + path.toAbsolutePath()
                        + " has no input '" + config.inputName() + "'; its input is " + inputs);
            }
            this.predictor = model.newPredictor();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.source = new Mat();
        this.resized = new Mat(config.height(), config.width(), CvType.CV_8UC1);
        this.gray = new byte[config.width() * config.height()];
        this.blob = new float[gray.length * config.color().channels()];
        this.clahe = config.clahe() == null ? null
                : new Clahe(config.clahe().clipLimit(), config.clahe().tiles(), config.clahe().tiles());
        try {
            // A blank image: fails now on a wrong size, layout or output name, and warms ONNX Runtime up.
            this.dimension = infer(path).length;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sets {@value #OFFLINE_PROPERTY} and {@code OPT_OUT_TRACKING} to {@code true} unless the user
     * chose values. DJL then never resolves models remotely nor calls its usage tracking at engine
     * start; ONNX Runtime's natives come from its jar, so nothing is downloaded.
     */
    static void goOffline() {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    public Config config() {
        return config;
    }

    /** The embedding's length (128 for MobileFaceNet). */
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(int width, int height, byte[] pixels) {
        preprocess(width, height, pixels);
        return infer(config.model());
    }

    /** The model's input tensor for this image, flattened (a copy; for checks against other runtimes). */
    float[] inputTensor(int width, int height, byte[] pixels) {
        preprocess(width, height, pixels);
        return blob.clone();
    }

    private void preprocess(int width, int height, byte[] pixels) {
        if (width < 1 || height < 1 || pixels == null || pixels.length != width * height) {
            throw new IllegalArgumentException("expected " + width + "x" + height + " GRAY8 pixels, got "
                    + (pixels == null ? "none" : pixels.length + " bytes"));
        }
        if (width == config.width() && height == config.height()) {
            System.arraycopy(pixels, 0, gray, 0, gray.length);
        } else {
            source.create(height, width, CvType.CV_8UC1);
            source.put(0, 0, pixels);
            Imgproc.resize(source, resized, new Size(config.width(), config.height()), 0, 0, Imgproc.INTER_LINEAR);
            resized.get(0, 0, gray);
        }
        if (clahe != null) {
            // On the model's input, as a FER model's contract says (CLAHE on the 48x48 face).
            byte[] equalised = clahe.apply(GrayImage.of(config.width(), config.height(), gray)).pixels();
            System.arraycopy(equalised, 0, gray, 0, gray.length);
        }
        fillBlob(config, gray, blob);
    }

    /**
     * Writes the normalised input tensor of a GRAY8 image already at the model's size into
     * {@code blob} (length {@code width·height·channels}), in the configured layout.
     */
    static void fillBlob(Config config, byte[] gray, float[] blob) {
        float mean = config.mean();
        float scale = config.scale();
        int channels = config.color().channels();
        int plane = gray.length;
        if (channels == 1) {
            for (int i = 0; i < plane; i++) {
                blob[i] = ((gray[i] & 0xFF) - mean) * scale;
            }
        } else if (config.layout() == Layout.NCHW) {
            for (int i = 0; i < plane; i++) {
                float v = ((gray[i] & 0xFF) - mean) * scale;
                blob[i] = v;
                blob[plane + i] = v;
                blob[2 * plane + i] = v;
            }
        } else {
            for (int i = 0, j = 0; i < plane; i++, j += 3) {
                float v = ((gray[i] & 0xFF) - mean) * scale;
                blob[j] = v;
                blob[j + 1] = v;
                blob[j + 2] = v;
            }
        }
    }

    private float[] infer(Path path) {
        try {
            return predictor.predict(blob);
        } catch (TranslateException | RuntimeException e) {
            throw new EmbeddingModelException(path, "ONNX embedding model " + path.toAbsolutePath() + " failed on a "
                    + shapeText(config.inputShape()) + " " + config.layout() + " input: " + rootMessage(e), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            if (predictor != null) {
                predictor.close();
            }
        } finally {
            model.close();
            source.release();
            if (resized != null) {
                resized.release();
            }
            if (clahe != null) {
                clahe.close();
            }
        }
    }

    private static String shapeText(long[] shape) {
        StringBuilder text = new StringBuilder();
        for (long d : shape) {
            text.append(text.isEmpty() ? "" : "x").append(d);
        }
        return text.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }

    /** Normalised blob in, the chosen output flattened out; batches of one built here, no batchifier. */
    private static final class BlobTranslator implements Translator<float[], float[]> {

        private final Shape shape;
        private final String inputName;
        private final String outputName;

        BlobTranslator(Config config) {
            this.shape = new Shape(config.inputShape());
            this.inputName = config.inputName();
            this.outputName = config.outputName();
        }

        @Override
        public NDList processInput(TranslatorContext ctx, float[] input) {
            NDArray array = ctx.getNDManager().create(input, shape);
            if (inputName != null) {
                array.setName(inputName);
            }
            return new NDList(array);
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            if (list.isEmpty()) {
                throw new IllegalStateException("the model returned no output");
            }
            if (outputName == null) {
                return list.get(0).toFloatArray();
            }
            List<String> names = new ArrayList<>();
            for (NDArray array : list) {
                if (outputName.equals(array.getName())) {
                    return array.toFloatArray();
                }
                names.add(array.getName());
            }
            throw new IllegalArgumentException("no output '" + outputName + "'; the model's outputs are " + names);
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }
}
