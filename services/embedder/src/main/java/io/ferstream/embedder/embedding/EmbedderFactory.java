package io.ferstream.embedder.embedding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.ferstream.embedder.embedding.OnnxEmbedder.ColorMode;
import io.ferstream.embedder.embedding.OnnxEmbedder.Layout;
import io.ferstream.platform.config.InvalidConfigException;

/**
 * Builds the embedders of a provider from user options; every error names the option
 * ({@code embedding}, {@code embedding-model}, {@code embedding-size}, …).
 *
 * <p>Providers: {@value #HOG} (model-free, {@link HogEmbedder}) and {@value #ONNX} (any ONNX model,
 * {@link OnnxEmbedder}; the input settings default to MobileFaceNet's, see
 * {@link OnnxEmbedder.Config#mobileFaceNet}). Without a provider name the choice is {@value #ONNX}
 * when a model is given, else {@value #HOG}.
 */
public final class EmbedderFactory {

    public static final String HOG = "hog";
    public static final String ONNX = "onnx";
    public static final List<String> PROVIDERS = List.of(HOG, ONNX);

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
                try (OnnxEmbedder probe = new OnnxEmbedder(config)) {
                    return new Provider(probe.name(), () -> new OnnxEmbedder(config));
                } catch (EmbeddingModelException e) {
                    throw new InvalidConfigException("embedding-model", config.model(), e.getMessage());
                }
            }
            default -> throw new InvalidConfigException("embedding", options.provider(),
                    "known providers: " + String.join(", ", PROVIDERS));
        }
    }

    /** The {@value #ONNX} settings: MobileFaceNet's, overridden by every option given. */
    public static OnnxEmbedder.Config onnxConfig(Options options) {
        Path model = options.model();
        if (model == null) {
            throw new InvalidConfigException("embedding-model", null, "the onnx provider needs a model file (.onnx)");
        }
        if (!Files.isRegularFile(model) || !Files.isReadable(model)) {
            throw new InvalidConfigException("embedding-model", model,
                    Files.exists(model) ? "not a readable file" : "no such file");
        }
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
        Object size = options.width() != null || options.height() != null ? options.width() + "x" + options.height() : null;
        Object[][] onnxOnly = {
            {"embedding-model", options.model()}, {"embedding-input", options.inputName()},
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
