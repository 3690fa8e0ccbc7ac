package io.ferstream.platform.topics;

import java.util.Objects;

import io.ferstream.platform.serde.AvroSerde;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic of the pipeline: its public name, the Avro type of its values (keys are strings), its
 * default partition count and whether it is compacted (latest value per key) or a plain log.
 */
public record FerTopic<V extends SpecificRecord>(String name, Class<V> valueType, int partitions, boolean compacted) {

    public FerTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 for " + name);
        }
    }

    /** Keys are strings everywhere: image ids, run ids, session ids, model names. */
    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** The value serde, in the schema-registry wire format under {@code <topic>-value}. */
    public AvroSerde<V> valueSerde(SchemaRegistryClient client, SerdeConfig config) {
        return new AvroSerde<>(valueType, client, config, false);
    }
}
