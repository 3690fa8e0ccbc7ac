package io.ferstream.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every partition of one topic read by this process alone (assigned, no consumer group), from its start or
 * its end, each record handed to {@code handle} as (key, value) on a thread of its own. The position is
 * fixed before {@link #start} returns, so nothing written after that is missed. A record that does not
 * deserialize is skipped; an error out of {@code handle} stops the loop ({@link #isHealthy} turns false).
 */
final class PollingLoop<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    enum From { BEGINNING, END }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<V> values;
    private final BiConsumer<String, V> handle;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private PollingLoop(KafkaConsumer<byte[], byte[]> consumer, String topic, Deserializer<V> values, BiConsumer<String, V> handle) {
        this.consumer = consumer;
        this.topic = topic;
        this.values = values;
        this.handle = handle;
        this.thread = new Thread(this::run, "fer-gateway-" + topic);
        thread.setDaemon(true);
    }

    static <V> PollingLoop<V> start(KafkaConsumer<byte[], byte[]> consumer, String topic, From from, Deserializer<V> values,
                                    BiConsumer<String, V> handle) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (from == From.BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position); // resolves the lazy seek now, not at the first poll
        PollingLoop<V> loop = new PollingLoop<>(consumer, topic, values, handle);
        loop.thread.start();
        return loop;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    V value;
                    try {
                        value = values.deserialize(topic, record.value());
                    } catch (SerializationException e) {
                        log.debug("skipped an unreadable record at {}-{}@{}", topic, record.partition(), record.offset(), e);
                        continue;
                    }
                    handle.accept(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), value);
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            log.error("reading {} stopped", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    boolean isHealthy() {
        return thread.isAlive() && failure == null;
    }

    @Override
    public void close() {
        running = false; // seen within one poll (200 ms)
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
