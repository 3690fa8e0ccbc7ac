package io.ferstream.classifier;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.events.ModelRelease;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted models topic from its beginning on its own thread (no consumer group: every
 * worker reads every release, and the latest release of each name is found after compaction) and
 * hands each release to a {@link ReleaseHandler}. Loading a model takes seconds; here it never delays
 * the frame loop, which only sees the swap.
 */
final class ReleaseFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReleaseFollower.class);

    private final String topic;
    private final Deserializer<ModelRelease> releases;
    private final ReleaseHandler handler;
    private final ConsumerThread thread;

    ReleaseFollower(Map<String, Object> clientProperties, String topic, Deserializer<ModelRelease> releases, ReleaseHandler handler) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.topic = topic;
        this.releases = releases;
        this.handler = handler;
        this.thread = new ConsumerThread("fer-classifier-releases",
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()), this::fromTheBeginning,
                records -> records.forEach(this::read), "the serving model stays; new releases are not followed");
    }

    void start() {
        thread.start();
    }

    /** Whether its thread is still reading (false once an error stopped it). */
    boolean isHealthy() {
        return thread.isHealthy();
    }

    private void fromTheBeginning(Consumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        log.info("Following releases of {} on {}", handler.modelName(), topic);
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        ModelRelease release;
        try {
            release = releases.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            handler.unreadable("offset " + record.offset() + " of " + record.topic() + ": " + e.getMessage());
            return;
        }
        // A tombstone: compaction's way to forget a name; nothing to serve.
        if (release != null) {
            handler.handle(release);
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
