package io.ferstream.trainer.ensemble;

import io.ferstream.trainer.network.Architecture;
import io.ferstream.trainer.network.FerNetwork;
import io.ferstream.trainer.network.OnnxWriter;
import io.ferstream.trainer.network.OnnxWriterTest;
import io.ferstream.trainer.onnx.OnnxProto;
import io.ferstream.trainer.training.DjlSetup;
import io.ferstream.model.onnx.Classifier;
import io.ferstream.model.onnx.ProtoWriter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEnsembleTest {

    @BeforeAll
    static void offline() {
        DjlSetup.offline();
    }

    /** An exported network with random weights and batch-norm statistics. */
    private static byte[] exported(Architecture architecture, int seed) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(seed);
            FerNetwork net = architecture.create();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 48, 48));
            OnnxWriterTest.randomiseBatchNorms(net, new Random(seed));
            return OnnxWriter.toBytes(net);
        }
    }

    @Test
    void theEnsembleAveragesProbabilitiesAndPutsEmbeddingsSideBySide(@TempDir Path dir) throws Exception {
        List<byte[]> members = List.of(exported(Architecture.SEED, 7), exported(Architecture.RESNET, 9));
        Map<String, byte[]> named = new LinkedHashMap<>();
        named.put("seed", members.get(0));
        named.put("resnet", members.get(1));
        OnnxEnsemble.Merged merged = OnnxEnsemble.merge(named);
        assertThat(merged.classes()).isEqualTo(7);
        assertThat(merged.embeddingWidths()).containsExactly(256L, 256L);
        assertThat(merged.opset()).isEqualTo(OnnxWriter.OPSET);

        int n = 5;
        float[] input = new float[n * 48 * 48];
        Random rnd = new Random(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = rnd.nextFloat();
        }
        float[][][] memberProbs = new float[2][][];
        float[][][] memberEmbeddings = new float[2][][];
        for (int m = 0; m < 2; m++) {
            Path file = Files.write(dir.resolve("m" + m + ".onnx"), members.get(m));
            try (Classifier c = Classifier.load(file, OnnxWriter.CONTRACT)) {
                memberProbs[m] = c.predict(input, n);
                memberEmbeddings[m] = c.output(OnnxWriter.EMBEDDING, input, n);
            }
        }
        Path file = Files.write(dir.resolve("ensemble.onnx"), merged.model());
        try (Classifier c = Classifier.load(file, OnnxWriter.CONTRACT)) {
            float[][] probs = c.predict(input, n);
            float[][] embedding = c.output(OnnxWriter.EMBEDDING, input, n);
            for (int i = 0; i < n; i++) {
                // the members disagree, so a mean that ignored one of them would fail below
                assertThat(maxAbsDiff(memberProbs[0][i], memberProbs[1][i])).isGreaterThan(1e-3);
                for (int k = 0; k < 7; k++) {
                    assertThat((double) probs[i][k]).isCloseTo((memberProbs[0][i][k] + memberProbs[1][i][k]) / 2.0,
                            org.assertj.core.data.Offset.offset(1e-6));
                }
                assertThat(embedding[i]).hasSize(512);
                assertThat(maxAbsDiff(java.util.Arrays.copyOfRange(embedding[i], 0, 256), memberEmbeddings[0][i])).isLessThan(1e-6);
                assertThat(maxAbsDiff(java.util.Arrays.copyOfRange(embedding[i], 256, 512), memberEmbeddings[1][i])).isLessThan(1e-6);
            }
        }
    }

    /** A model with the graph's input and the given outputs and no nodes: enough for the merge's checks. */
    private static byte[] bare(long opset, String... outputs) {
        ProtoWriter graph = new ProtoWriter().message(OnnxProto.GRAPH_INPUT, OnnxProto.valueInfo(OnnxWriter.INPUT, 1, 48, 48));
        for (String output : outputs) {
            graph.message(OnnxProto.GRAPH_OUTPUT, OnnxProto.valueInfo(output, output.equals(OnnxWriter.EMBEDDING) ? 256 : 7));
        }
        return new ProtoWriter().varint(OnnxProto.MODEL_IR_VERSION, 7).message(OnnxProto.MODEL_GRAPH, graph)
                .message(OnnxProto.MODEL_OPSET_IMPORT, new ProtoWriter().string(OnnxProto.OPSET_DOMAIN, "")
                        .varint(OnnxProto.OPSET_VERSION, opset))
                .toByteArray();
    }

    private static Map<String, byte[]> members(byte[] first, byte[] second) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("a/", first);
        m.put("b/", second);
        return m;
    }

    @Test
    void anEnsembleNeedsTwoReadableModelsWithBothOutputsAndOneOpset() {
        byte[] model = exported(Architecture.SEED, 1);
        assertThatThrownBy(() -> OnnxEnsemble.merge(Map.of("a/", model)))
                .hasMessageContaining("at least two models");
        assertThatThrownBy(() -> OnnxEnsemble.merge(members(model, "not an onnx file".getBytes(StandardCharsets.UTF_8))))
                .hasMessageStartingWith("b/ is not a readable ONNX file");
        assertThatThrownBy(() -> OnnxEnsemble.merge(members(model, bare(13, OnnxWriter.PROBABILITIES))))
                .hasMessageContaining("b/ has no output 'embedding'");
        assertThatThrownBy(() -> OnnxEnsemble.merge(members(model, bare(12, OnnxWriter.PROBABILITIES, OnnxWriter.EMBEDDING))))
                .hasMessage("b/ uses ONNX opset 12, a/ opset 13: members must share one");
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
