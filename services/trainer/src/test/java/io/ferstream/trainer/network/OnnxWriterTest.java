package io.ferstream.trainer.network;

import io.ferstream.trainer.training.DjlSetup;
import io.ferstream.model.onnx.Classifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

public class OnnxWriterTest {

    @BeforeAll
    static void offline() {
        DjlSetup.offline();
    }

    /** Gives every BN layer non-trivial statistics and affine terms, so the export of each is checked. */
    public static void randomiseBatchNorms(Block block, Random rnd) {
        if (block instanceof BatchNorm bn) {
            for (var entry : bn.getParameters()) {
                NDArray a = entry.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (entry.getKey()) {
                        case "runningVar" -> 0.5f + rnd.nextFloat() * 1.5f;
                        case "gamma" -> 0.5f + rnd.nextFloat();
                        default -> (float) rnd.nextGaussian() * 0.3f;
                    };
                }
                a.set(FloatBuffer.wrap(v));
            }
        }
        for (var child : block.getChildren()) {
            randomiseBatchNorms(child.getValue(), rnd);
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void ortMatchesPyTorchOnProbabilitiesAndEmbedding(Architecture architecture, @TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(7);
            FerNetwork net = architecture.create();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 48, 48));
            randomiseBatchNorms(net, new Random(11));

            int n = 8;
            float[] input = new float[n * 48 * 48];
            Random rnd = new Random(3);
            for (int i = 0; i < input.length; i++) {
                input[i] = rnd.nextFloat();
            }
            NDArray x = manager.create(input, new Shape(n, 1, 48, 48));
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            float[] probs = out.get(0).softmax(-1).toFloatArray();
            float[] embedding = out.get(1).toFloatArray();

            Path file = dir.resolve(architecture.id() + ".onnx");
            OnnxWriter.write(net, file);
            assertThat(Files.size(file)).isGreaterThan(net.parameterCount() * 4);

            try (Classifier c = Classifier.load(file, OnnxWriter.CONTRACT)) {
                float[][] ortProbs = c.predict(input, n);
                float[][] ortEmbedding = c.output(OnnxWriter.EMBEDDING, input, n);
                assertThat(ortProbs[0]).hasSize(7);
                assertThat(ortEmbedding[0]).hasSize(256);
                double dp = maxAbsDiff(probs, ortProbs);
                double de = maxAbsDiff(embedding, ortEmbedding);
                System.out.printf("%s: ONNX export vs PyTorch: max |dp| = %.2e, max |de| = %.2e%n", architecture, dp, de);
                assertThat(dp).isLessThanOrEqualTo(1e-4);
                assertThat(de).isLessThanOrEqualTo(1e-4);
                // not a degenerate comparison: the embedding has signal and the images are told apart
                assertThat(maxAbs(embedding)).isGreaterThan(0.01);
                assertThat(ortProbs[0]).isNotEqualTo(ortProbs[1]);
            }
        }
    }

    private static double maxAbsDiff(float[] flat, float[][] rows) {
        double max = 0;
        int w = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < w; j++) {
                max = Math.max(max, Math.abs(flat[i * w + j] - rows[i][j]));
            }
        }
        return max;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }
}
