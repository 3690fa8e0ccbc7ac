package io.ferstream.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ferstream.model.Preprocessing;
import io.ferstream.model.eval.Evaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL / ONNX Runtime classifier against a tiny linear model whose answers are computed here. */
class ClassifierTest {

    private static final int SIDE = 48;
    private static final Preprocessing CONTRACT = Preprocessing.gray(SIDE, null, 0f, 1f, Preprocessing.Layout.NCHW)
            .withNames("input", "probabilities");

    private static float[][] weights(long seed) {
        Random rnd = new Random(seed);
        float[][] w = new float[7][SIDE * SIDE];
        for (float[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) rnd.nextGaussian() * 0.05f;
            }
        }
        return w;
    }

    private static float[] expectedProbabilities(float[][] w, float[] bias, float[] x, int offset) {
        double[] logits = new double[7];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 7; c++) {
            double v = bias[c];
            for (int i = 0; i < w[c].length; i++) {
                v += w[c][i] * x[offset + i];
            }
            logits[c] = v;
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < 7; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        float[] p = new float[7];
        for (int c = 0; c < 7; c++) {
            p[c] = (float) (logits[c] / sum);
        }
        return p;
    }

    private static byte[][] images(int n, long seed) {
        Random rnd = new Random(seed);
        byte[][] out = new byte[n][SIDE * SIDE];
        for (byte[] image : out) {
            rnd.nextBytes(image);
        }
        return out;
    }

    @Test
    void aBatchGivesTheModelsProbabilitiesAndAnyNamedOutput(@TempDir Path dir) throws Exception {
        float[][] w = weights(1);
        float[] bias = {0.1f, -0.2f, 0.3f, 0f, 0.05f, -0.1f, 0.2f};
        Path file = TinyOnnx.linear(dir.resolve("tiny.onnx"), SIDE, w, bias);
        byte[][] images = images(5, 2);
        float[] x = CONTRACT.tensor(List.of(images));
        try (Classifier classifier = Classifier.load(file, CONTRACT)) {
            float[][] p = classifier.predict(x, 5);
            assertThat(p).hasNumberOfRows(5);
            for (int i = 0; i < 5; i++) {
                float[] expected = expectedProbabilities(w, bias, x, i * SIDE * SIDE);
                for (int c = 0; c < 7; c++) {
                    assertThat(p[i][c]).isCloseTo(expected[c], within(1e-5f));
                }
            }
            // another output comes as the model gives it: the logits, not probabilities
            assertThat(classifier.output("logits", x, 5)[0]).hasSize(7).isNotEqualTo(p[0]);
            assertThatThrownBy(() -> classifier.output("nope", x, 5)).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("no output 'nope'").hasMessageContaining("probabilities");
        }
    }

    @Test
    void logitsAreSoftmaxedWhenTheContractSaysSo(@TempDir Path dir) throws Exception {
        float[][] w = weights(3);
        float[] bias = new float[7];
        Path file = TinyOnnx.linear(dir.resolve("tiny.onnx"), SIDE, w, bias);
        Preprocessing logits = new Preprocessing(SIDE, SIDE, Preprocessing.Color.GRAY, null, 0f, 1f, Preprocessing.Layout.NCHW,
                "input", "logits", false);
        float[] x = CONTRACT.tensor(List.of(images(2, 4)));
        try (Classifier a = Classifier.load(file, CONTRACT); Classifier b = Classifier.load(file, logits)) {
            float[][] pa = a.predict(x, 2);
            float[][] pb = b.predict(x, 2);
            for (int c = 0; c < 7; c++) {
                assertThat(pb[1][c]).isCloseTo(pa[1][c], within(1e-6f));
            }
        }
    }

    @Test
    void oneClassifierServesManyThreadsAtOnce(@TempDir Path dir) throws Exception {
        Path file = TinyOnnx.linear(dir.resolve("tiny.onnx"), SIDE, weights(5), new float[7]);
        try (Classifier classifier = Classifier.load(file, CONTRACT)) {
            List<float[]> inputs = new ArrayList<>();
            List<float[][]> alone = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                float[] x = CONTRACT.tensor(List.of(images(3, 10 + t)));
                inputs.add(x);
                alone.add(classifier.predict(x, 3));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[][]>> futures = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    for (float[] x : inputs) {
                        futures.add(pool.submit(() -> classifier.predict(x, 3)));
                    }
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertThat(futures.get(i).get()).isDeepEqualTo(alone.get(i % inputs.size()));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void evaluationCountsTheConfusionOfTheModelsAnswers(@TempDir Path dir) throws Exception {
        // bias alone decides: every image is class 3 (Happy)
        float[] bias = {0, 0, 0, 10, 0, 0, 0};
        Path file = TinyOnnx.linear(dir.resolve("tiny.onnx"), SIDE, new float[7][SIDE * SIDE], bias);
        int[] labels = {3, 3, 0, 6};
        try (Classifier classifier = Classifier.load(file, CONTRACT)) {
            Evaluation e = Evaluation.of(classifier, images(4, 6), SIDE, labels);
            assertThat(e.accuracy()).isEqualTo(0.5);
            assertThat(e.accuracyTta()).isEqualTo(0.5);
            assertThat(e.accuracyTtaShifts()).isEqualTo(0.5);
            assertThat(e.plain().confusion()[0][3]).isEqualTo(1);
            assertThat(e.toMetrics().perClass().get(3).precision()).isEqualTo(0.5);
        }
    }

    @Test
    void aMissingOrBrokenFileIsNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> Classifier.load(missing, CONTRACT)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString()).hasMessageContaining("does not exist");
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.onnx"), "not an ONNX model");
        assertThatThrownBy(() -> Classifier.load(junk, CONTRACT)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("could not be loaded");
        assertThat(System.getProperty(DjlOffline.OFFLINE_PROPERTY)).as("offline before DJL loads").isEqualTo("true");
    }
}
