package io.ferstream.platform.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the schema-registry wire format under the TopicNameStrategy
 * subject ({@code <topic>-value} or {@code <topic>-key}).
 *
 * <p>{@code auto.register.schemas=true} (default) registers the record's schema; {@code false}
 * only looks it up. {@code use.latest.version=true} writes under the subject's latest id, which must
 * be the record's own schema (this serializer does not rewrite records into another schema).
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private SchemaRegistryClient client;
    private SerdeConfig config;
    private boolean isKey;
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final EncoderFactory encoders = EncoderFactory.get();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient client, SerdeConfig config, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = SerdeConfig.from(configs);
        this.client = SchemaRegistryClients.forConfig(config);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Schema schema = record.getSchema();
        int id = schemaId(subject(topic, isKey), schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = encoders.directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getFullName() + " for " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String subject, Schema schema) {
        if (config.useLatestVersion()) {
            SchemaRegistryClient.RegisteredSchema latest = client.latest(subject);
            if (!latest.schema().equals(schema)) {
                throw new SerializationException("use.latest.version: the latest schema of " + subject + " (id "
                        + latest.id() + ", version " + latest.version() + ") is not the record's schema "
                        + schema.getFullName() + "; upgrade the producer or turn use.latest.version off");
            }
            return latest.id();
        }
        return config.autoRegisterSchemas() ? client.register(subject, schema) : client.lookup(subject, schema);
    }

    /** TopicNameStrategy. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
