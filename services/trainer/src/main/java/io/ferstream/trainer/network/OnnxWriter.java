package io.ferstream.trainer.network;

import static io.ferstream.trainer.onnx.OnnxProto.DATA_TYPE_FLOAT;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_INITIALIZER;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_INPUT;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_NAME;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_NODE;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_OUTPUT;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_GRAPH;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_IR_VERSION;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_OPSET_IMPORT;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_PRODUCER_NAME;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_PRODUCER_VERSION;
import static io.ferstream.trainer.onnx.OnnxProto.OPSET_DOMAIN;
import static io.ferstream.trainer.onnx.OnnxProto.OPSET_VERSION;
import static io.ferstream.trainer.onnx.OnnxProto.TENSOR_DATA_TYPE;
import static io.ferstream.trainer.onnx.OnnxProto.TENSOR_DIMS;
import static io.ferstream.trainer.onnx.OnnxProto.TENSOR_NAME;
import static io.ferstream.trainer.onnx.OnnxProto.TENSOR_RAW_DATA;
import static io.ferstream.trainer.onnx.OnnxProto.floating;
import static io.ferstream.trainer.onnx.OnnxProto.integer;
import static io.ferstream.trainer.onnx.OnnxProto.ints;
import static io.ferstream.trainer.onnx.OnnxProto.nodeProto;
import static io.ferstream.trainer.onnx.OnnxProto.valueInfo;

import io.ferstream.model.Preprocessing;
import io.ferstream.model.onnx.ProtoWriter;
import io.ferstream.trainer.onnx.OnnxProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * Writes a trained {@link FerNetwork} as an ONNX model (IR 7, opset 13) with no ONNX library:
 * the protobuf messages are written field by field (numbers from {@code onnx.proto}). Each network
 * writes its own trunk with the operators here ({@link FerNetwork#writeTrunk}); the head is shared.
 *
 * <p>Graph: input {@value #INPUT} float32 [N, 1, 48, 48] (NCHW, CLAHE'd grey / 255); outputs
 * {@value #PROBABILITIES} [N, 7] (softmax over the FER2013 class order) and {@value #EMBEDDING}
 * [N, 256] (the Dense-256 activation after ReLU). Dropout is the identity at inference, so it has
 * no node. Operators: Conv, BatchNormalization, Relu, Add, MaxPool, GlobalAveragePool, Flatten,
 * Gemm, Softmax.
 */
public final class OnnxWriter {

    public static final String INPUT = "input";
    public static final String PROBABILITIES = "probabilities";
    public static final String EMBEDDING = "embedding";
    public static final int OPSET = 13;
    /** The input contract of every network written here: CLAHE 2.0 / 8×8, [0, 1], NCHW, our input and output names. */
    public static final Preprocessing CONTRACT = new Preprocessing(FerNetwork.SIDE, FerNetwork.SIDE, Preprocessing.Color.GRAY,
            Preprocessing.ClaheSettings.SEED, 0f, 1f, Preprocessing.Layout.NCHW, INPUT, PROBABILITIES, true);
    public static final int IR_VERSION = 7;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();

    private OnnxWriter() {
    }

    /** Writes the network to {@code file} (replacing it). */
    public static void write(FerNetwork network, Path file) throws IOException {
        OnnxProto.write(toBytes(network), file);
    }

    /** The serialised ModelProto of an initialised network: its trunk, then the shared head. */
    public static byte[] toBytes(FerNetwork network) {
        OnnxWriter w = new OnnxWriter();
        String x = network.writeTrunk(w, INPUT);
        x = w.node("GlobalAveragePool", "gap", List.of(x));
        x = w.node("Flatten", "flatten", List.of(x), integer("axis", 1));
        x = w.gemm("dense", x, network.dense());
        w.node("Relu", EMBEDDING, List.of(x), List.of(EMBEDDING));
        String logits = w.gemm("classifier", EMBEDDING, network.classifier());
        w.node("Softmax", PROBABILITIES, List.of(logits), List.of(PROBABILITIES), integer("axis", 1));

        ProtoWriter graph = new ProtoWriter();
        w.nodes.forEach(n -> graph.message(GRAPH_NODE, n));
        graph.string(GRAPH_NAME, network.architecture().id());
        w.initializers.forEach(t -> graph.message(GRAPH_INITIALIZER, t));
        graph.message(GRAPH_INPUT, valueInfo(INPUT, 1, FerNetwork.SIDE, FerNetwork.SIDE));
        graph.message(GRAPH_OUTPUT, valueInfo(PROBABILITIES, FerNetwork.CLASSES));
        graph.message(GRAPH_OUTPUT, valueInfo(EMBEDDING, FerNetwork.EMBEDDING));

        return new ProtoWriter()
                .varint(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "fer-trainer")
                .string(MODEL_PRODUCER_VERSION, "1")
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, OPSET))
                .toByteArray();
    }

    /** A 2-D convolution with the block's kernel, stride and padding, and its bias when it has one. */
    String conv(String name, String input, Conv2d conv) {
        NDArray weight = param(conv, "weight");
        long[] shape = weight.getShape().getShape();
        List<String> inputs = new ArrayList<>(List.of(input, initializer(name + ".weight", weight)));
        if (conv.isIncludeBias()) {
            inputs.add(initializer(name + ".bias", param(conv, "bias")));
        }
        long[] stride = conv.getStride().getShape();
        long[] pad = conv.getPadding().getShape();
        return node("Conv", name, inputs, ints("kernel_shape", shape[2], shape[3]),
                ints("pads", pad[0], pad[1], pad[0], pad[1]), ints("strides", stride[0], stride[1]));
    }

    /** Inference-mode batch norm with the running statistics; DJL keeps no getter for epsilon, so it is passed. */
    String batchNorm(String name, String input, BatchNorm bn, float epsilon) {
        return node("BatchNormalization", name, List.of(input,
                        initializer(name + ".scale", param(bn, "gamma")),
                        initializer(name + ".bias", param(bn, "beta")),
                        initializer(name + ".mean", param(bn, "runningMean")),
                        initializer(name + ".var", param(bn, "runningVar"))),
                floating("epsilon", epsilon));
    }

    String relu(String name, String input) {
        return node("Relu", name, List.of(input));
    }

    String add(String name, String a, String b) {
        return node("Add", name, List.of(a, b));
    }

    /** Max-pool 2×2, stride 2. */
    String maxPool2(String name, String input) {
        return node("MaxPool", name, List.of(input), ints("kernel_shape", 2, 2), ints("strides", 2, 2));
    }

    private String gemm(String name, String input, Linear linear) {
        return node("Gemm", name, List.of(input,
                        initializer(name + ".weight", param(linear, "weight")),
                        initializer(name + ".bias", param(linear, "bias"))),
                integer("transB", 1));
    }

    /** A node whose single output has the node's name. */
    private String node(String op, String name, List<String> inputs, ProtoWriter... attributes) {
        node(op, name, inputs, List.of(name), attributes);
        return name;
    }

    private void node(String op, String name, List<String> inputs, List<String> outputs, ProtoWriter... attributes) {
        nodes.add(nodeProto(op, name, inputs, outputs, attributes));
    }

    private String initializer(String name, NDArray array) {
        long[] dims = array.getShape().getShape();
        float[] values = array.toFloatArray();
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(TENSOR_DIMS, d);
        }
        t.varint(TENSOR_DATA_TYPE, DATA_TYPE_FLOAT).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, raw.array());
        initializers.add(t);
        return name;
    }

    private static NDArray param(Block block, String name) {
        var p = block.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("parameter " + name + " missing or not initialised in " + block);
        }
        return p.getArray();
    }

}
