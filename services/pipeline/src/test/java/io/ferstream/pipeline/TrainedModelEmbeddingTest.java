package io.ferstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.trainer.TrainingRun;
import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.data.TrainingData;
import io.ferstream.trainer.training.TrainConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import io.ferstream.embedder.embedding.Embedder;
import io.ferstream.embedder.embedding.EmbedderFactory;
import io.ferstream.embedder.embedding.ModelEmbedder;
import io.ferstream.events.Split;
import io.ferstream.model.Preprocessing;
import io.ferstream.model.onnx.EmbeddingModel;
import io.ferstream.vision.Clahe;
import io.ferstream.vision.GrayImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between the trainer and the embedder: a model {@code fer train} writes serves as
 * the embedder's {@code model} provider, which applies the card's CLAHE and scaling and reads the
 * 256-d {@code embedding} output, exactly as feeding the CLAHE'd face by hand does.
 */
class TrainedModelEmbeddingTest {

    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void trainATinyModel() throws Exception {
        TrainingData data = new TrainingData(Map.of(Split.TRAIN, images(64, 1), Split.VALIDATION, images(14, 2),
                Split.TEST, images(14, 3)), "generated", null, false);
        TrainingRun.Outcome outcome = TrainingRun.run(data, TrainConfig.seed(dir.resolve("model")).withEpochs(1), false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        model = outcome.model();
    }

    @Test
    void theModelProviderEmbedsWithTheCardsPreprocessing() {
        EmbedderFactory.Provider provider = EmbedderFactory.provider(
                new EmbedderFactory.Options("model", model, null, null, null, null, null, null, null, null));
        assertThat(provider.name()).startsWith("model:seed:");

        // The same network fed by hand: CLAHE 2.0/8x8 first, then pixel / 255, NCHW, the embedding output.
        Preprocessing byHand = Preprocessing.gray(48, null, 0f, 1f, Preprocessing.Layout.NCHW).withNames("input", null);
        ImageSet faces = images(5, 9);
        try (Embedder embedder = provider.get();
                Embedder plain = new ModelEmbedder(EmbeddingModel.load(model, byHand, "embedding", 1), "by hand");
                Clahe clahe = new Clahe(2.0, 8, 8)) {
            for (byte[] face : faces.pixels()) {
                float[] embedding = embedder.embed(48, 48, face);
                float[] expected = plain.embed(48, 48, clahe.apply(GrayImage.of(48, 48, face)).pixels());
                float[] withoutClahe = plain.embed(48, 48, face);

                assertThat(embedding).hasSize(256).containsExactly(expected);
                assertThat(embedding).isNotEqualTo(withoutClahe);
            }
        }
    }

    private static ImageSet images(int n, long seed) {
        Random random = new Random(seed);
        byte[][] pixels = new byte[n][48 * 48];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            random.nextBytes(pixels[i]);
            labels[i] = i % 7;
        }
        return new ImageSet(pixels, labels);
    }
}
