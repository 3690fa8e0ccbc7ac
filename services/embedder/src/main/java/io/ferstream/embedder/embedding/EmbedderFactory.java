package io.ferstream.embedder.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.embedder.embedding.OnnxEmbedder.ColorMode;
import io.ferstream.embedder.embedding.OnnxEmbedder.Layout;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.files.Sha256;

/**
 * Builds the embedders of a provider from user options; every error names the option
 * ({@code embedding}, {@code embedding-model}, {@code embedding-size}, …).
 *
 * <p>Providers: {@value #HOG} (model-free, {@link HogEmbedder}), {@value #ONNX} (any ONNX model,
 * {@link OnnxEmbedder}; the input settings default to MobileFaceNet's, see
 * {@link OnnxEmbedder.Config#mobileFaceNet}) and {@value #MODEL} (a FER classifier from
 * {@code fer train}: its {@code embedding} output, fed as the {@code card.json} beside it says). Without a provider name the choice is {@value #ONNX}
 * when a model is given, else {@value #HOG}.
 */
public final class EmbedderFactory {

    public static final String HOG = "hog";
    public static final String ONNX = "onnx";
    public static final String MODEL = "model";
    public static final List<String> PROVIDERS = List.of(HOG, ONNX, MODEL);
    /** The card {@code fer train} writes next to {@code model.onnx}. */
    public static final String CARD_FILE = "card.json";
    /** The output of a trained FER classifier that holds its penultimate-layer embedding. */
    public static final String EMBEDDING_OUTPUT = "embedding";

    /**
     * The user's embedding options; {@code null} means "not given" (the default applies). Every
     * field but {@code provider} and {@code model} only applies to {@value #ONNX}.
     */
    public record Options(String provider, Path model, String inputName, Integer width, Integer height,
                          Layout layout, ColorMode color, Float mean, Float scale, String outputName) {

        /** The model-free default. */
        public static Options hog() {
            return new Options(HOG, null, null, null, null, null, null, null, null, null);
        }

        /** An ONNX model with MobileFaceNet's input settings. */
        public static Options onnx(Path model) {
            return new Options(ONNX, model, null, null, null, null, null, null, null, null);
        }

        /** The provider that applies: the given name, else {@value #ONNX} with a model, else {@value #HOG}. */
        public String resolvedProvider() {
            if (provider == null || provider.isBlank()) {
                return model != null ? ONNX : HOG;
            }
            return provider.trim().toLowerCase(Locale.ROOT);
        }
    }

    /** A validated provider: its name (as recorded in class statistics) and a source of embedders. */
    public record Provider(String name, Supplier<Embedder> embedders) implements Supplier<Embedder> {

        /** A new embedder (one per stream task; the caller closes it). */
        @Override
        public Embedder get() {
            return embedders.get();
        }
    }

    private EmbedderFactory() {
    }

    /**
     * Validates the options and returns the provider. For {@value #ONNX} the model is loaded once
     * here (and closed), so a missing file, a model ONNX Runtime rejects, or settings the model does
     * not accept fail now, with the option named, instead of in a stream thread.
     *
     * @throws InvalidConfigException naming the offending option
     */
    public static Provider provider(Options options) {
        String provider = options.resolvedProvider();
        switch (provider) {
            case HOG -> {
                rejectOnnxOnly(options);
                return new Provider(HOG, HogEmbedder::new);
            }
            case ONNX -> {
                OnnxEmbedder.Config config = onnxConfig(options);
                return probed(config, null);
            }
            case MODEL -> {
                rejectInputSettings(options);
                TrainedModel trained = trainedModel(options.model());
                return probed(trained.config(), trained.name());
            }
            default -> throw new InvalidConfigException("embedding", options.provider(),
                    "known providers: " + String.join(", ", PROVIDERS));
        }
    }

    /** Loads the model once (and closes it): a model ONNX Runtime rejects fails here, naming the option. */
    private static Provider probed(OnnxEmbedder.Config config, String name) {
        try (OnnxEmbedder probe = new OnnxEmbedder(config)) {
            return new Provider(name != null ? name : probe.name(), () -> new OnnxEmbedder(config));
        } catch (EmbeddingModelException e) {
            throw new InvalidConfigException("embedding-model", config.model(), e.getMessage());
        }
    }

    /** A trained FER classifier's embedding settings, and the provider name that identifies the exact model. */
    record TrainedModel(OnnxEmbedder.Config config, String name) {
    }

    /**
     * The {@value #MODEL} settings from the card beside {@code model}: its size, CLAHE, scaling
     * ({@code x = (pixel / 255 − mean) / std}), layout and input name, and the {@value #EMBEDDING_OUTPUT}
     * output. The name ({@code model:<card name>:<first 8 hex of the onnx sha256>}) keeps class
     * statistics of different models apart.
     */
    static TrainedModel trainedModel(Path model) {
        requireModelFile(model, MODEL);
        Path card = model.toAbsolutePath().resolveSibling(CARD_FILE);
        if (!Files.isRegularFile(card)) {
            throw new InvalidConfigException("embedding-model", model, "the model provider reads the " + CARD_FILE
                    + " beside the model (fer train writes both), and " + card + " does not exist");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(card.toFile());
        } catch (IOException e) {
            throw new InvalidConfigException("embedding-model", card, "unreadable card: " + e.getMessage());
        }
        JsonNode p = root.path("preprocessing");
        if (!root.path("outputs").has(EMBEDDING_OUTPUT)) {
            throw new InvalidConfigException("embedding-model", card, "the card lists no '" + EMBEDDING_OUTPUT
                    + "' output; the model provider needs a model exported by fer train");
        }
        if (!p.path("size").isInt() || !p.path("mean").isNumber() || !(p.path("std").asDouble() > 0)) {
            throw new InvalidConfigException("embedding-model", card, "the card's preprocessing needs size, mean and std > 0");
        }
        int size = p.path("size").asInt();
        Layout layout;
        try {
            layout = Layout.valueOf(p.path("layout").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("embedding-model", card, "the card's preprocessing.layout must be NCHW or NHWC");
        }
        JsonNode clahe = p.path("clahe");
        OnnxEmbedder.ClaheSettings claheSettings = null;
        if (clahe.isObject()) {
            try {
                claheSettings = new OnnxEmbedder.ClaheSettings(clahe.path("clip_limit").asDouble(), clahe.path("tiles").asInt());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("embedding-model", card, "the card's preprocessing.clahe: " + e.getMessage());
            }
        }
        float mean = (float) (255 * p.path("mean").asDouble());
        float scale = (float) (1 / (255 * p.path("std").asDouble()));
        String input = p.path("input").isTextual() ? p.path("input").asText() : null;
        OnnxEmbedder.Config config = new OnnxEmbedder.Config(model, input, size, size, layout, ColorMode.GRAY, mean, scale,
                EMBEDDING_OUTPUT, claheSettings);
        String sha = sha256(model);
        String recorded = root.path("onnx_sha256").asText("");
        if (!recorded.isEmpty() && !recorded.equals(sha)) {
            throw new InvalidConfigException("embedding-model", model, "does not match " + card + " (sha256 " + sha
                    + ", the card says " + recorded + "): the card belongs to another model");
        }
        String name = MODEL + ":" + root.path("name").asText("unnamed") + ":" + sha.substring(0, 8);
        return new TrainedModel(config, name);
    }

    private static String sha256(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new InvalidConfigException("embedding-model", file, "unreadable: " + e.getMessage());
        }
    }

    private static void requireModelFile(Path model, String provider) {
        if (model == null) {
            throw new InvalidConfigException("embedding-model", null, "the " + provider + " provider needs a model file (.onnx)");
        }
        if (!Files.isRegularFile(model) || !Files.isReadable(model)) {
            throw new InvalidConfigException("embedding-model", model,
                    Files.exists(model) ? "not a readable file" : "no such file");
        }
    }

    /** The {@value #ONNX} settings: MobileFaceNet's, overridden by every option given. */
    public static OnnxEmbedder.Config onnxConfig(Options options) {
        Path model = options.model();
        requireModelFile(model, ONNX);
        OnnxEmbedder.Config config = OnnxEmbedder.Config.mobileFaceNet(model);
        if (options.inputName() != null) {
            if (options.inputName().isBlank()) {
                throw new InvalidConfigException("embedding-input", options.inputName(), "must not be blank");
            }
            config = config.withInputName(options.inputName());
        }
        if (options.outputName() != null) {
            if (options.outputName().isBlank()) {
                throw new InvalidConfigException("embedding-output", options.outputName(), "must not be blank");
            }
            config = config.withOutputName(options.outputName());
        }
        if (options.width() != null || options.height() != null) {
            int width = options.width() != null ? options.width() : config.width();
            int height = options.height() != null ? options.height() : config.height();
            if (width < 1 || height < 1 || width > OnnxEmbedder.Config.MAX_SIDE || height > OnnxEmbedder.Config.MAX_SIDE) {
                throw new InvalidConfigException("embedding-size", width + "x" + height,
                        "each side must be 1.." + OnnxEmbedder.Config.MAX_SIDE);
            }
            config = config.withSize(width, height);
        }
        if (options.layout() != null) {
            config = config.withLayout(options.layout());
        }
        if (options.color() != null) {
            config = config.withColor(options.color());
        }
        float mean = options.mean() != null ? options.mean() : config.mean();
        float scale = options.scale() != null ? options.scale() : config.scale();
        if (!Float.isFinite(mean)) {
            throw new InvalidConfigException("embedding-mean", mean, "must be finite");
        }
        if (!Float.isFinite(scale) || scale == 0f) {
            throw new InvalidConfigException("embedding-scale", scale, "must be finite and non-zero");
        }
        return config.withNormalisation(mean, scale);
    }

    /**
     * Parses {@code WIDTHxHEIGHT} (or one number for a square) as given to {@code --embedding-size}.
     *
     * @return {width, height}
     */
    public static int[] parseSize(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        try {
            if (parts.length == 1) {
                int side = Integer.parseInt(parts[0].trim());
                return new int[] {side, side};
            }
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new InvalidConfigException("embedding-size", text, "expected WIDTHxHEIGHT, e.g. 112x112");
    }

    private static void rejectOnnxOnly(Options options) {
        if (options.model() != null) {
            throw new InvalidConfigException("embedding-model", options.model(), "only the onnx and model providers take it");
        }
        rejectInputSettings(options);
    }

    /** The input settings: the onnx provider's alone (hog needs none, a trained model's card gives them). */
    private static void rejectInputSettings(Options options) {
        Object size = options.width() != null || options.height() != null ? options.width() + "x" + options.height() : null;
        Object[][] onnxOnly = {
            {"embedding-input", options.inputName()},
            {"embedding-output", options.outputName()}, {"embedding-size", size},
            {"embedding-layout", options.layout()}, {"embedding-color", options.color()},
            {"embedding-mean", options.mean()}, {"embedding-scale", options.scale()},
        };
        for (Object[] option : onnxOnly) {
            if (option[1] != null) {
                throw new InvalidConfigException((String) option[0], option[1], "only the onnx provider takes it");
            }
        }
    }
}
