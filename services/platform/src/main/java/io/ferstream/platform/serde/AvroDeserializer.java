package io.ferstream.platform.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads values in the schema-registry wire format. The writer's schema comes from the registry by
 * the id in the header; the reader's schema is the target class's (schema resolution handles
 * evolution), or, without a target class and with {@code specific.avro.reader=false}, the writer's
 * own as a {@code GenericRecord}.
 *
 * <p>Every failure is a {@link SerializationException} naming the topic and the cause (bad magic
 * byte, unknown schema id, corrupt body), so a caller can dead-letter the record and move on.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    private final Class<T> targetType;
    private SchemaRegistryClient client;
    private boolean specificReader = true;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final DecoderFactory decoders = DecoderFactory.get();

    /** Target type from the writer schema's name (specific) or GenericRecord; {@link #configure} must follow. */
    public AvroDeserializer() {
        this.targetType = null;
    }

    /** Reads into {@code targetType}; {@link #configure} must follow. */
    public AvroDeserializer(Class<T> targetType) {
        this.targetType = Objects.requireNonNull(targetType, "targetType");
    }

    public AvroDeserializer(Class<T> targetType, SchemaRegistryClient client) {
        this.targetType = Objects.requireNonNull(targetType, "targetType");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = SerdeConfig.from(configs);
        this.client = SchemaRegistryClients.forConfig(config);
        this.specificReader = config.specificAvroReader();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        int id = WireFormat.schemaId(topic, data);
        DatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        try {
            BinaryDecoder decoder = decoders.binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, null);
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Record on " + topic + " has trailing bytes after schema id " + id);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("Corrupt Avro body on " + topic + " (schema id " + id + "): " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(int id) {
        Schema writer;
        try {
            writer = client.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isClientError()) {
                throw new SerializationException("Unknown schema id " + id + ": " + e.getMessage(), e);
            }
            throw e;
        }
        if (targetType != null) {
            Schema readerSchema = SpecificData.get().getSchema(targetType);
            return new SpecificDatumReader<>(writer, readerSchema);
        }
        if (specificReader && SpecificData.get().getClass(writer) != null) {
            return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(SpecificData.get().getClass(writer)));
        }
        return (DatumReader<T>) new GenericDatumReader<Object>(writer);
    }
}
