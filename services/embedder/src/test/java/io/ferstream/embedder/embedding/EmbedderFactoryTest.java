package io.ferstream.embedder.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ferstream.embedder.embedding.EmbedderFactory.Options;
import io.ferstream.model.Preprocessing.Color;
import io.ferstream.model.Preprocessing.Layout;
import io.ferstream.model.Preprocessing;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.vision.SharedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedderFactoryTest {

    private static Options onnx(Path model, String input, Integer width, Integer height, Layout layout, Color color,
                                Float mean, Float scale, String output) {
        return new Options("onnx", model, input, width, height, layout, color, mean, scale, output);
    }

    @Test
    void hogIsTheDefaultWithoutAModelAndOnnxWithOne() {
        assertThat(new Options(null, null, null, null, null, null, null, null, null, null).resolvedProvider())
                .isEqualTo("hog");
        assertThat(new Options(" ", Path.of("m.onnx"), null, null, null, null, null, null, null, null).resolvedProvider())
                .isEqualTo("onnx");
        assertThat(new Options("ONNX", null, null, null, null, null, null, null, null, null).resolvedProvider())
                .isEqualTo("onnx");
    }

    @Test
    void hogNeedsNothingAndGivesHogEmbedders() {
        EmbedderFactory.Provider provider = EmbedderFactory.provider(Options.hog());
        assertThat(provider.name()).isEqualTo("hog");
        try (Embedder a = provider.get(); Embedder b = provider.get()) {
            assertThat(a).isInstanceOf(HogEmbedder.class).isNotSameAs(b);
            assertThat(a.embed(48, 48, new byte[48 * 48])).hasSize(900);
        }
    }

    @Test
    void anUnknownProviderNamesTheKnownOnes() {
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("facenet", null, null, null, null, null, null, null,
                null, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding"))
                .hasMessageContaining("'facenet'")
                .hasMessageContaining("hog, onnx, model");
    }

    @Test
    void onnxWithoutAModelOrWithAMissingOneNamesTheModelOption(@TempDir Path dir) {
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("onnx", null, null, null, null, null, null, null,
                null, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-model"))
                .hasMessageContaining("needs a model file");
        Path missing = dir.resolve("missing.onnx");
        assertThatThrownBy(() -> EmbedderFactory.provider(Options.onnx(missing)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-model"))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> EmbedderFactory.provider(Options.onnx(dir)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-model"))
                .hasMessageContaining("not a readable file");
    }

    @Test
    void aFileOnnxRuntimeCannotLoadFailsAtConfigurationNotInAStreamThread(@TempDir Path dir) throws IOException {
        Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> EmbedderFactory.provider(Options.onnx(junk)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-model"))
                .hasMessageContaining("could not be loaded");
    }

    @Test
    void hogRejectsOnnxOnlyOptionsNamingThem() {
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("hog", Path.of("m.onnx"), null, null, null, null,
                null, null, null, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-model"));
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("hog", null, null, 64, 64, null, null, null, null,
                null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-size"))
                .hasMessageContaining("64x64");
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("hog", null, null, null, null, null, null, null, 2f,
                null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-scale"));
    }

    @Test
    void onnxSettingsAreMobileFaceNetsOverriddenByEachOptionGiven(@TempDir Path dir) throws IOException {
        Path model = Files.write(dir.resolve("m.onnx"), new byte[] {0});
        assertThat(EmbedderFactory.onnxConfig(Options.onnx(model)))
                .isEqualTo(new EmbedderFactory.ModelSettings(model, EmbedderFactory.MOBILEFACENET, null));
        EmbedderFactory.ModelSettings c = EmbedderFactory.onnxConfig(
                onnx(model, "input_1", 48, null, Layout.NHWC, Color.GRAY, 127.5f, 1f / 127.5f, "predictions"));
        assertThat(c.output()).isEqualTo("predictions");
        Preprocessing p = c.contract();
        assertThat(p.input()).isEqualTo("input_1");
        assertThat(p.shape(1)).containsExactly(1, 112, 48, 1);
        // x' = (x - 127.5) / 127.5: 0 -> -1, 255 -> 1
        assertThat(p.scale(0)).isCloseTo(-1f, within(1e-6f));
        assertThat(p.scale(255)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void mobileFaceNetSettingsAreThoseOfMODELSmd() {
        Preprocessing c = EmbedderFactory.MOBILEFACENET;
        assertThat(c.input()).isNull();
        assertThat(c.output()).isNull();
        assertThat(c.shape(1)).containsExactly(1, 3, 112, 112);
        // (x - 127.5) / 128: 0 -> -0.996, 255 -> 0.996
        assertThat(c.scale(0)).isCloseTo(-127.5f / 128f, within(1e-6f));
        assertThat(c.scale(255)).isCloseTo(127.5f / 128f, within(1e-6f));
    }

    @Test
    void badOnnxSettingsNameTheirOption(@TempDir Path dir) throws IOException {
        Path model = Files.write(dir.resolve("m.onnx"), new byte[] {0});
        assertThatThrownBy(() -> EmbedderFactory.onnxConfig(onnx(model, null, 0, 10, null, null, null, null, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-size"));
        assertThatThrownBy(() -> EmbedderFactory.onnxConfig(onnx(model, null, null, null, null, null, null, 0f, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-scale"));
        assertThatThrownBy(() -> EmbedderFactory.onnxConfig(onnx(model, null, null, null, null, null, Float.NaN, null,
                null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-mean"));
        assertThatThrownBy(() -> EmbedderFactory.onnxConfig(onnx(model, "", null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-input"));
        assertThatThrownBy(() -> EmbedderFactory.onnxConfig(onnx(model, null, null, null, null, null, null, null, " ")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-output"));
    }

    @Test
    void parsesSizes() {
        assertThat(EmbedderFactory.parseSize("112x96")).containsExactly(112, 96);
        assertThat(EmbedderFactory.parseSize(" 64X64 ")).containsExactly(64, 64);
        assertThat(EmbedderFactory.parseSize("112")).containsExactly(112, 112);
        for (String bad : new String[] {"", "x", "112x", "12x34x56", "big"}) {
            assertThatThrownBy(() -> EmbedderFactory.parseSize(bad)).as(bad)
                    .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-size"));
        }
    }

    @Test
    void onnxWithMobileFaceNetGivesOneFreshEmbedderPerCall() {
        Path model = SharedModels.requireOrSkip(SharedModels.MOBILEFACENET);
        EmbedderFactory.Provider provider = EmbedderFactory.provider(Options.onnx(model));
        assertThat(provider.name()).isEqualTo("onnx:mobilefacenet");
        try (Embedder a = provider.get(); Embedder b = provider.get()) {
            assertThat(a).isInstanceOf(ModelEmbedder.class).isNotSameAs(b);
            byte[] face = new byte[48 * 48];
            new java.util.Random(5).nextBytes(face);
            assertThat(a.embed(48, 48, face)).hasSize(128).containsExactly(b.embed(48, 48, face));
        }
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("onnx", model, "nope", null, null, null, null, null,
                null, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-model"))
                .hasMessageContaining("no input 'nope'");
    }

    @Test
    void theModelProviderTakesEveryInputSettingFromTheCardBesideTheModel(@TempDir Path dir) throws IOException {
        Path model = Files.write(dir.resolve("model.onnx"), new byte[] {0});
        // sha256 of the single byte 0
        String sha = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
        Files.writeString(dir.resolve("card.json"), """
                {"name": "seed", "onnx_sha256": "%s",
                 "preprocessing": {"size": 48, "clahe": {"clip_limit": 2.0, "tiles": 8}, "mean": 0.5, "std": 0.25,
                                   "layout": "NCHW", "input": "input"},
                 "outputs": {"probabilities": "[N, 7]", "embedding": "[N, 256]"}}""".formatted(sha));

        EmbedderFactory.TrainedModel trained = EmbedderFactory.trainedModel(model);

        EmbedderFactory.ModelSettings c = trained.settings();
        assertThat(c.output()).isEqualTo("embedding");
        assertThat(c.contract()).isEqualTo(new Preprocessing(48, 48, Color.GRAY, Preprocessing.ClaheSettings.SEED, 0.5f, 0.25f,
                Layout.NCHW, "input", null, true));
        assertThat(trained.name()).isEqualTo("model:seed:6e340b9c");

        Files.writeString(dir.resolve("card.json"), Files.readString(dir.resolve("card.json")).replace(sha, "0".repeat(64)));
        assertThatThrownBy(() -> EmbedderFactory.trainedModel(model)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("onnx_sha256").hasMessageContaining("does not match its card");
    }

    @Test
    void theModelProviderNeedsACardWithAnEmbeddingOutputAndNoInputOptions(@TempDir Path dir) throws IOException {
        Path model = Files.write(dir.resolve("model.onnx"), new byte[] {0});
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("model", model, null, null, null, null, null, null,
                null, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-model"))
                .hasMessageContaining("card.json");
        Files.writeString(dir.resolve("card.json"), """
                {"preprocessing": {"size": 48, "mean": 0, "std": 1, "layout": "NHWC"}, "outputs": {"predictions": "x"}}""");
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("model", model, null, null, null, null, null, null,
                null, null)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no 'embedding' output");
        assertThatThrownBy(() -> EmbedderFactory.provider(new Options("model", model, null, null, null, null, null, 0f,
                null, null)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-mean"));
    }
}
