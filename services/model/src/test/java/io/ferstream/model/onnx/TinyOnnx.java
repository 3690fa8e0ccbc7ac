package io.ferstream.model.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny linear FER classifier written as ONNX for tests: input {@code input} [N, 1, side, side] →
 * Flatten → Gemm (weights {@code [7, side²]}, bias) = {@code logits} [N, 7] → Softmax =
 * {@code probabilities}. Field numbers from {@code onnx.proto}.
 */
public final class TinyOnnx {

    private static final int FLOAT = 1;

    private TinyOnnx() {
    }

    /** Writes the model to {@code file}; {@code weights} is {@code [7][side²]}. */
    public static Path linear(Path file, int side, float[][] weights, float[] bias) throws IOException {
        ProtoWriter graph = new ProtoWriter()
                .message(1, node("Flatten", "flat", new String[] {"input"}, "flat", attrInt("axis", 1)))
                .message(1, node("Gemm", "gemm", new String[] {"flat", "w", "b"}, "logits", attrInt("transB", 1)))
                .message(1, node("Softmax", "softmax", new String[] {"logits"}, "probabilities", attrInt("axis", 1)))
                .string(2, "tiny")
                .message(5, tensor("w", weights))
                .message(5, tensor("b", new float[][] {bias}, bias.length))
                .message(11, valueInfo("input", 1, side, side))
                .message(12, valueInfo("probabilities", weights.length))
                .message(12, valueInfo("logits", weights.length));
        byte[] model = new ProtoWriter()
                .varint(1, 7)
                .string(2, "fer-model-test")
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, 13))
                .toByteArray();
        return Files.write(file, model);
    }

    private static ProtoWriter node(String op, String name, String[] inputs, String output, ProtoWriter attribute) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(1, in);
        }
        return n.string(2, output).string(3, name).string(4, op).message(5, attribute);
    }

    private static ProtoWriter attrInt(String name, long value) {
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, 2);
    }

    private static ProtoWriter tensor(String name, float[][] rows, long... dims) {
        int width = rows[0].length;
        ByteBuffer raw = ByteBuffer.allocate(rows.length * width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                raw.putFloat(v);
            }
        }
        ProtoWriter t = new ProtoWriter();
        for (long d : dims.length > 0 ? dims : new long[] {rows.length, width}) {
            t.varint(1, d);
        }
        return t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    private static ProtoWriter valueInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "N"));
        for (long d : dims) {
            shape.message(1, new ProtoWriter().varint(1, d));
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }
}
