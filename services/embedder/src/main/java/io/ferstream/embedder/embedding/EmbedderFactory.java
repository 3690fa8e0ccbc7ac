package io.ferstream.embedder.embedding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCardException;
import io.ferstream.model.ModelCards;
import io.ferstream.model.Preprocessing;
import io.ferstream.model.Preprocessing.Color;
import io.ferstream.model.Preprocessing.Layout;
import io.ferstream.model.onnx.EmbeddingModel;
import io.ferstream.model.onnx.ModelLoadException;
import io.ferstream.platform.config.InvalidConfigException;

/**
 * Builds the embedders of a provider from user options; every error names the option
 * ({@code embedding}, {@code embedding-model}, {@code embedding-size}, …).
 *
 * <p>Providers: {@value #HOG} (model-free, {@link HogEmbedder}), {@value #ONNX} (any ONNX model run by
 * the model layer's {@link EmbeddingModel}; the input settings default to {@link #MOBILEFACENET}) and
 * {@value #MODEL} (a FER classifier from
 * {@code fer train}: its {@code embedding} output, fed as the {@code card.json} beside it says). Without a provider name the choice is {@value #ONNX}
 * when a model is given, else {@value #HOG}.
 */
public final class EmbedderFactory {

    public static final String HOG = "hog";
    public static final String ONNX = "onnx";
    public static final String MODEL = "model";
    public static final List<String> PROVIDERS = List.of(HOG, ONNX, MODEL);
    /** The card {@code fer train} writes next to {@code model.onnx}. */
    public static final String CARD_FILE = ModelCards.CARD_FILE;
    /**
     * MobileFaceNet's input ({@code shared/models/mobilefacenet.onnx}): [1, 3, 112, 112] RGB,
     * {@code (x − 127.5) / 128}, its only input and first output.
     */
    public static final Preprocessing MOBILEFACENET = new Preprocessing(112, 112, Color.RGB, null, 0.5f, 128f / 255f, Layout.NCHW,
            null, null, true);
    /** The output of a trained FER classifier that holds its penultimate-layer embedding. */
    public static final String EMBEDDING_OUTPUT = "embedding";

    /**
     * The user's embedding options; {@code null} means "not given" (the default applies). Every
     * field but {@code provider} and {@code model} only applies to {@value #ONNX}.
     */
    public record Options(String provider, Path model, String inputName, Integer width, Integer height,
                          Layout layout, Color color, Float mean, Float scale, String outputName) {

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

    /** An ONNX embedding model, how to feed it and which output to read ({@code null}: the first). */
    public record ModelSettings(Path model, Preprocessing contract, String output) {
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
                return probed(onnxConfig(options), null);
            }
            case MODEL -> {
                rejectInputSettings(options);
                TrainedModel trained = trainedModel(options.model());
                return probed(trained.settings(), trained.name());
            }
            default -> throw new InvalidConfigException("embedding", options.provider(),
                    "known providers: " + String.join(", ", PROVIDERS));
        }
    }

    /**
     * Loads the model once (and closes it): a model ONNX Runtime rejects fails here, naming the option.
     * Each embedder then loads its own (one per stream task; one ONNX Runtime thread each, the stream
     * threads give the parallelism).
     */
    private static Provider probed(ModelSettings settings, String name) {
        try (EmbeddingModel probe = load(settings)) {
            String provider = name != null ? name : probe.name();
            return new Provider(provider, () -> new ModelEmbedder(load(settings), provider));
        } catch (ModelLoadException e) {
            throw new InvalidConfigException("embedding-model", settings.model(), e.getMessage());
        }
    }

    private static EmbeddingModel load(ModelSettings settings) {
        return EmbeddingModel.load(settings.model(), settings.contract(), settings.output(), 1);
    }

    /** A trained FER classifier's embedding settings, and the provider name that identifies the exact model. */
    record TrainedModel(ModelSettings settings, String name) {
    }

    /**
     * The {@value #MODEL} settings from the card beside {@code model} (read and checked against the
     * model's sha256 by the model layer): its input contract and the {@value #EMBEDDING_OUTPUT} output.
     * The name ({@code model:<card name>:<first 8 hex of the onnx sha256>}) keeps class statistics of
     * different models apart.
     */
    static TrainedModel trainedModel(Path model) {
        requireModelFile(model, MODEL);
        Path card = model.toAbsolutePath().resolveSibling(CARD_FILE);
        if (!Files.isRegularFile(card)) {
            throw new InvalidConfigException("embedding-model", model, "the model provider reads the " + CARD_FILE
                    + " beside the model (fer train writes both), and " + card + " does not exist");
        }
        ModelCard read;
        try {
            read = ModelCards.read(card);
            if (read.outputs() == null || !read.outputs().containsKey(EMBEDDING_OUTPUT)) {
                throw new InvalidConfigException("embedding-model", card, "the card lists no '" + EMBEDDING_OUTPUT
                        + "' output; the model provider needs a model exported by fer train");
            }
            ModelCards.verify(read, model.toAbsolutePath());
        } catch (ModelCardException e) {
            throw new InvalidConfigException("embedding-model", card, e.getMessage());
        }
        String name = MODEL + ":" + (read.name() == null ? "unnamed" : read.name()) + ":" + read.onnxSha256().substring(0, 8);
        return new TrainedModel(new ModelSettings(model, read.preprocessing(), EMBEDDING_OUTPUT), name);
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

    /**
     * The {@value #ONNX} settings: MobileFaceNet's, overridden by every option given. The options'
     * normalisation {@code x' = (x − mean) · scale} on 0..255 pixels is the card's
     * {@code (pixel / 255 − mean / 255) / (1 / (255 · scale))}.
     */
    public static ModelSettings onnxConfig(Options options) {
        Path model = options.model();
        requireModelFile(model, ONNX);
        Preprocessing base = MOBILEFACENET;
        for (Object[] name : new Object[][] {{"embedding-input", options.inputName()}, {"embedding-output", options.outputName()}}) {
            if (name[1] != null && ((String) name[1]).isBlank()) {
                throw new InvalidConfigException((String) name[0], name[1], "must not be blank");
            }
        }
        int width = options.width() != null ? options.width() : base.width();
        int height = options.height() != null ? options.height() : base.height();
        if (width < 1 || height < 1 || width > Preprocessing.MAX_SIDE || height > Preprocessing.MAX_SIDE) {
            throw new InvalidConfigException("embedding-size", width + "x" + height, "each side must be 1.." + Preprocessing.MAX_SIDE);
        }
        float mean = options.mean() != null ? options.mean() : base.mean() * 255f;
        if (!Float.isFinite(mean)) {
            throw new InvalidConfigException("embedding-mean", mean, "must be finite");
        }
        float std = options.scale() != null ? 1f / (255f * options.scale()) : base.std();
        if (options.scale() != null && !(Float.isFinite(options.scale()) && options.scale() > 0f)) {
            throw new InvalidConfigException("embedding-scale", options.scale(), "must be finite and positive");
        }
        Preprocessing contract = new Preprocessing(width, height, options.color() != null ? options.color() : base.color(), null,
                options.mean() != null ? mean / 255f : base.mean(), std, options.layout() != null ? options.layout() : base.layout(),
                options.inputName(), null, true);
        return new ModelSettings(model, contract, options.outputName());
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
