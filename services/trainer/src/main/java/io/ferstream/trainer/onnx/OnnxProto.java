package io.ferstream.trainer.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.ferstream.model.onnx.ProtoWriter;

/**
 * The parts of ONNX's protobuf schema that the trainer writes: field numbers from {@code onnx.proto}
 * and builders for the messages both the network export and the ensemble need (nodes, attributes,
 * value infos), with no ONNX library.
 */
public final class OnnxProto {

    public static final int MODEL_IR_VERSION = 1;
    public static final int MODEL_PRODUCER_NAME = 2;
    public static final int MODEL_PRODUCER_VERSION = 3;
    public static final int MODEL_GRAPH = 7;
    public static final int MODEL_OPSET_IMPORT = 8;
    public static final int OPSET_DOMAIN = 1;
    public static final int OPSET_VERSION = 2;
    public static final int GRAPH_NODE = 1;
    public static final int GRAPH_NAME = 2;
    public static final int GRAPH_INITIALIZER = 5;
    public static final int GRAPH_INPUT = 11;
    public static final int GRAPH_OUTPUT = 12;
    public static final int NODE_INPUT = 1;
    public static final int NODE_OUTPUT = 2;
    public static final int NODE_NAME = 3;
    public static final int NODE_OP_TYPE = 4;
    public static final int NODE_ATTRIBUTE = 5;
    public static final int ATTR_NAME = 1;
    public static final int ATTR_F = 2;
    public static final int ATTR_I = 3;
    public static final int ATTR_INTS = 8;
    public static final int ATTR_TYPE = 20;
    public static final int ATTR_TYPE_FLOAT = 1;
    public static final int ATTR_TYPE_INT = 2;
    public static final int ATTR_TYPE_INTS = 7;
    public static final int TENSOR_DIMS = 1;
    public static final int TENSOR_DATA_TYPE = 2;
    public static final int TENSOR_NAME = 8;
    public static final int TENSOR_RAW_DATA = 9;
    public static final int DATA_TYPE_FLOAT = 1;
    public static final int VALUE_INFO_NAME = 1;
    public static final int VALUE_INFO_TYPE = 2;
    public static final int TYPE_TENSOR = 1;
    public static final int TENSOR_TYPE_ELEM_TYPE = 1;
    public static final int TENSOR_TYPE_SHAPE = 2;
    public static final int SHAPE_DIM = 1;
    public static final int DIM_VALUE = 1;
    public static final int DIM_PARAM = 2;

    private OnnxProto() {
    }

    /** Writes a serialised model to {@code file} through a temporary file, so a reader never sees half a model. */
    public static void write(byte[] model, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, model);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A NodeProto. */
    public static ProtoWriter nodeProto(String op, String name, List<String> inputs, List<String> outputs, ProtoWriter... attributes) {
        ProtoWriter n = new ProtoWriter();
        inputs.forEach(i -> n.string(NODE_INPUT, i));
        outputs.forEach(o -> n.string(NODE_OUTPUT, o));
        n.string(NODE_NAME, name).string(NODE_OP_TYPE, op);
        for (ProtoWriter a : attributes) {
            n.message(NODE_ATTRIBUTE, a);
        }
        return n;
    }

    public static ProtoWriter integer(String name, long value) {
        return new ProtoWriter().string(ATTR_NAME, name).varint(ATTR_I, value).varint(ATTR_TYPE, ATTR_TYPE_INT);
    }

    public static ProtoWriter ints(String name, long... values) {
        ProtoWriter a = new ProtoWriter().string(ATTR_NAME, name);
        for (long v : values) {
            a.varint(ATTR_INTS, v);
        }
        return a.varint(ATTR_TYPE, ATTR_TYPE_INTS);
    }

    public static ProtoWriter floating(String name, float value) {
        return new ProtoWriter().string(ATTR_NAME, name).float32(ATTR_F, value).varint(ATTR_TYPE, ATTR_TYPE_FLOAT);
    }

    /** A float tensor value with a symbolic batch dimension "N" followed by {@code dims}. */
    public static ProtoWriter valueInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter().message(SHAPE_DIM, new ProtoWriter().string(DIM_PARAM, "N"));
        for (long d : dims) {
            shape.message(SHAPE_DIM, new ProtoWriter().varint(DIM_VALUE, d));
        }
        ProtoWriter tensor = new ProtoWriter().varint(TENSOR_TYPE_ELEM_TYPE, DATA_TYPE_FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, new ProtoWriter().message(TYPE_TENSOR, tensor));
    }
}
