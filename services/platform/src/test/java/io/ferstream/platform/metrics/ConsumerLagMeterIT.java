package io.ferstream.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code fer_consumer_group_lag} against a real broker: a backlog shows, and goes to 0 once consumed. */
class ConsumerLagMeterIT {

    private static final String TOPIC = "lag-it.images";
    private static final String GROUP = "lag-it-group";
    private static final int RECORDS = 30;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void anUnconsumedBacklogIsLagAndConsumingItBringsTheLagToZero() throws Exception {
        produce(RECORDS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConsumerLagMeter lagMeter = ConsumerLagMeter.start(broker.bootstrapServers(), "lag-it-lag", GROUP, List.of(TOPIC),
                registry)) {
            // Before the group's first commit the whole backlog counts.
            awaitTrue(() -> lag(registry) == RECORDS, "lag of the unconsumed backlog");

            consumeAndCommit(RECORDS);
            awaitTrue(() -> lag(registry) == 0, "no lag once everything is consumed");

            produce(5);
            awaitTrue(() -> lag(registry) == 5, "the new records' lag");
        }
        assertThat(registry.find(ConsumerLagMeter.METRIC).gauges()).as("a closed meter leaves no series behind").isEmpty();
    }

    private static double lag(SimpleMeterRegistry registry) {
        Gauge gauge = registry.find(ConsumerLagMeter.METRIC).tags("group", GROUP, "topic", TOPIC).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static void produce(int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "image-" + i));
            }
            producer.flush();
        }
    }

    private static void consumeAndCommit(int count) throws InterruptedException {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < count && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(read).isEqualTo(count);
            consumer.commitSync();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
