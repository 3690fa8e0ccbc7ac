package io.ferstream.trainer.ensemble;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a protocol-buffers message into its fields, in order, so an ONNX file can be rewritten
 * field by field: each field keeps its exact encoding for unchanged copy-through.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    /**
     * One field: its number, wire type, value (a varint's value; the payload of a length-delimited
     * field) and its whole encoding (tag included).
     */
    record Field(int number, int wireType, long varint, byte[] payload, byte[] encoded) {

        String string() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private ProtoReader() {
    }

    static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < message.length) {
            int start = pos[0];
            long tag = varint(message, pos);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            long value = 0;
            byte[] payload = null;
            switch (wireType) {
                case VARINT -> value = varint(message, pos);
                case FIXED64 -> pos[0] += 8;
                case FIXED32 -> pos[0] += 4;
                case LENGTH_DELIMITED -> {
                    long length = varint(message, pos);
                    if (length < 0 || length > message.length - pos[0]) {
                        throw new IllegalArgumentException("malformed protobuf: field " + number + " is longer than its message");
                    }
                    payload = Arrays.copyOfRange(message, pos[0], pos[0] + (int) length);
                    pos[0] += (int) length;
                }
                default -> throw new IllegalArgumentException("malformed protobuf: wire type " + wireType + " at byte " + start);
            }
            if (number <= 0 || pos[0] > message.length) {
                throw new IllegalArgumentException("malformed protobuf at byte " + start);
            }
            fields.add(new Field(number, wireType, value, payload, Arrays.copyOfRange(message, start, pos[0])));
        }
        return fields;
    }

    private static long varint(byte[] b, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("malformed protobuf: truncated varint");
            }
            int next = b[pos[0]++] & 0xFF;
            value |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed protobuf: varint longer than 10 bytes");
    }
}
