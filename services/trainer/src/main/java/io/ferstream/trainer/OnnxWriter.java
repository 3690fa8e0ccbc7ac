package io.ferstream.trainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * Writes a trained {@link SeedNetwork} as an ONNX model (IR 7, opset 13) with no ONNX library:
 * the protobuf messages are written field by field (numbers from {@code onnx.proto}).
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
    public static final int IR_VERSION = 7;

    // onnx.proto field numbers
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_FLOAT = 1;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int DATA_TYPE_FLOAT = 1;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();

    private OnnxWriter() {
    }

    /** Writes the network to {@code file} (replacing it). */
    public static void write(SeedNetwork network, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, toBytes(network));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The serialised ModelProto of an initialised network. */
    public static byte[] toBytes(SeedNetwork network) {
        OnnxWriter w = new OnnxWriter();
        String x = w.conv("stem_conv", INPUT, network.stemConv(), 1);
        x = w.batchNorm("stem_bn", x, network.stemBn());
        x = w.relu("stem_relu", x);
        for (ResidualBlock block : network.blocks()) {
            String name = "block" + block.channels();
            String y = w.conv(name + "_conv1", x, block.conv1(), 1);
            y = w.batchNorm(name + "_bn1", y, block.bn1());
            y = w.relu(name + "_relu1", y);
            y = w.conv(name + "_conv2", y, block.conv2(), 1);
            y = w.batchNorm(name + "_bn2", y, block.bn2());
            String s = w.conv(name + "_shortcut", x, block.shortcut(), 0);
            String sum = w.node("Add", name + "_add", List.of(y, s));
            sum = w.relu(name + "_relu2", sum);
            x = w.node("MaxPool", name + "_pool", List.of(sum), ints("kernel_shape", 2, 2), ints("strides", 2, 2));
        }
        x = w.node("GlobalAveragePool", "gap", List.of(x));
        x = w.node("Flatten", "flatten", List.of(x), integer("axis", 1));
        x = w.gemm("dense", x, network.dense());
        w.node("Relu", EMBEDDING, List.of(x), List.of(EMBEDDING));
        String logits = w.gemm("classifier", EMBEDDING, network.classifier());
        w.node("Softmax", PROBABILITIES, List.of(logits), List.of(PROBABILITIES), integer("axis", 1));

        ProtoWriter graph = new ProtoWriter();
        w.nodes.forEach(n -> graph.message(GRAPH_NODE, n));
        graph.string(GRAPH_NAME, SeedNetwork.ARCHITECTURE);
        w.initializers.forEach(t -> graph.message(GRAPH_INITIALIZER, t));
        graph.message(GRAPH_INPUT, valueInfo(INPUT, 1, SeedNetwork.SIDE, SeedNetwork.SIDE));
        graph.message(GRAPH_OUTPUT, valueInfo(PROBABILITIES, SeedNetwork.CLASSES));
        graph.message(GRAPH_OUTPUT, valueInfo(EMBEDDING, SeedNetwork.EMBEDDING));

        return new ProtoWriter()
                .varint(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "fer-trainer")
                .string(MODEL_PRODUCER_VERSION, "1")
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, OPSET))
                .toByteArray();
    }

    private String conv(String name, String input, Conv2d conv, int pad) {
        NDArray weight = param(conv, "weight");
        long[] shape = weight.getShape().getShape();
        String w = initializer(name + ".weight", weight);
        String b = initializer(name + ".bias", param(conv, "bias"));
        return node("Conv", name, List.of(input, w, b),
                ints("kernel_shape", shape[2], shape[3]), ints("pads", pad, pad, pad, pad), ints("strides", 1, 1));
    }

    private String batchNorm(String name, String input, BatchNorm bn) {
        return node("BatchNormalization", name, List.of(input,
                        initializer(name + ".scale", param(bn, "gamma")),
                        initializer(name + ".bias", param(bn, "beta")),
                        initializer(name + ".mean", param(bn, "runningMean")),
                        initializer(name + ".var", param(bn, "runningVar"))),
                floating("epsilon", SeedNetwork.BN_EPSILON));
    }

    private String gemm(String name, String input, Linear linear) {
        return node("Gemm", name, List.of(input,
                        initializer(name + ".weight", param(linear, "weight")),
                        initializer(name + ".bias", param(linear, "bias"))),
                integer("transB", 1));
    }

    private String relu(String name, String input) {
        return node("Relu", name, List.of(input));
    }

    /** A node whose single output has the node's name. */
    private String node(String op, String name, List<String> inputs, ProtoWriter... attributes) {
        node(op, name, inputs, List.of(name), attributes);
        return name;
    }

    private void node(String op, String name, List<String> inputs, List<String> outputs, ProtoWriter... attributes) {
        ProtoWriter n = new ProtoWriter();
        inputs.forEach(i -> n.string(NODE_INPUT, i));
        outputs.forEach(o -> n.string(NODE_OUTPUT, o));
        n.string(NODE_NAME, name).string(NODE_OP_TYPE, op);
        for (ProtoWriter a : attributes) {
            n.message(NODE_ATTRIBUTE, a);
        }
        nodes.add(n);
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

    private static ProtoWriter ints(String name, long... values) {
        ProtoWriter a = new ProtoWriter().string(ATTR_NAME, name);
        for (long v : values) {
            a.varint(ATTR_INTS, v);
        }
        return a.varint(ATTR_TYPE, ATTR_TYPE_INTS);
    }

    private static ProtoWriter integer(String name, long value) {
        return new ProtoWriter().string(ATTR_NAME, name).varint(ATTR_I, value).varint(ATTR_TYPE, ATTR_TYPE_INT);
    }

    private static ProtoWriter floating(String name, float value) {
        return new ProtoWriter().string(ATTR_NAME, name).float32(ATTR_F, value).varint(ATTR_TYPE, ATTR_TYPE_FLOAT);
    }

    /** A float tensor value with a symbolic batch dimension "N" followed by {@code dims}. */
    private static ProtoWriter valueInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter().message(SHAPE_DIM, new ProtoWriter().string(DIM_PARAM, "N"));
        for (long d : dims) {
            shape.message(SHAPE_DIM, new ProtoWriter().varint(DIM_VALUE, d));
        }
        ProtoWriter tensor = new ProtoWriter().varint(TENSOR_TYPE_ELEM_TYPE, DATA_TYPE_FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, new ProtoWriter().message(TYPE_TENSOR, tensor));
    }
}
