package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A loop whose thread has died reports unhealthy, which is what turns {@code /health} DOWN. */
class ConsumerThreadTest {

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);

    private static MockConsumer<byte[], byte[]> consumerWithOneRecord() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.addRecord(new ConsumerRecord<>("t", 0, 0, new byte[0], new byte[0]));
        return consumer;
    }

    @Test
    void aLoopThatKeepsServingIsHealthyAndOneWhoseServeThrowsIsNot() throws Exception {
        try (ConsumerThread serving = new ConsumerThread("ok", consumerWithOneRecord(), c -> { }, records -> { }, "test");
             ConsumerThread dying = new ConsumerThread("dies", consumerWithOneRecord(), c -> { },
                     records -> { throw new IllegalStateException("boom"); }, "test")) {
            serving.start();
            dying.start();

            awaitTrue(() -> !dying.isHealthy());
            assertThat(serving.isHealthy()).isTrue();
        }
    }

    @Test
    void aLoopWhoseSetupThrowsIsUnhealthy() throws Exception {
        try (ConsumerThread thread = new ConsumerThread("setup", consumerWithOneRecord(),
                c -> { throw new IllegalStateException("no topic"); }, records -> { }, "test")) {
            thread.start();

            awaitTrue(() -> !thread.isHealthy());
        }
    }

    @Test
    void theReleaseFollowerIsUnhealthyOnceItsThreadDies() throws Exception {
        // No broker there: finding the models topic's partitions times out and ends the thread.
        Map<String, Object> unreachable = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 300, ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 300);
        LiveModel serving = new LiveModel("m", "1", Instant.EPOCH, null);
        ReleaseHandler handler = new ReleaseHandler("m", new ModelSlot<>(serving),
                new ClassifierMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), serving, null));
        try (ReleaseFollower follower = new ReleaseFollower(unreachable, "fer.models", (topic, bytes) -> null, handler)) {
            follower.start();

            awaitTrue(() -> !follower.isHealthy());
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
