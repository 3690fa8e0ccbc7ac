package io.ferstream.platform.serde;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/** Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then Avro binary. */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id of a framed value, or a clear error when the bytes are not in this format. */
    public static int schemaId(String topic, byte[] data) {
        if (data == null || data.length < HEADER_SIZE) {
            throw new SerializationException("Record on " + topic + " is " + (data == null ? "null" : data.length + " bytes")
                    + ": too short for the schema-registry wire format (magic byte + 4-byte schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x on %s: not written by a schema-registry Avro serializer", data[0], topic));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
