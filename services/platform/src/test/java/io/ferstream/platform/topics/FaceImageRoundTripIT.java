package io.ferstream.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.ferstream.events.FaceImage;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The KAFKA-15591 guard, proven: topics are created by {@link TopicProvisioner} and written at once
 * by an idempotent producer with 5 requests in flight; every one of 100,000 FaceImage events must
 * come back exactly once.
 */
class FaceImageRoundTripIT {

    private static final int EVENTS = 100_000;

    @Test
    void everyEventArrivesExactlyOnce() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
            TopicNames names = new TopicNames("roundtrip.");
            try (Admin admin = platform.admin()) {
                new TopicProvisioner(admin, names, platform.timeout()).ensureAll();
            }
            String topic = names.of(Topics.IMAGES_RAW);
            SchemaRegistryClient client = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
            SerdeConfig serdeConfig = SerdeConfig.from(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl()));

            Map<String, Object> producerProps = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                    ProducerConfig.LINGER_MS_CONFIG, 5);
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            try (KafkaProducer<String, FaceImage> producer = new KafkaProducer<>(producerProps,
                    Topics.IMAGES_RAW.keySerde().serializer(),
                    Topics.IMAGES_RAW.valueSerde(client, serdeConfig).serializer())) {
                for (int i = 0; i < EVENTS; i++) {
                    FaceImage image = EmbeddedPlatform.faceImage("run-100k", i);
                    producer.send(new ProducerRecord<>(topic, image.getId(), image), (metadata, e) -> {
                        if (e != null) {
                            sendFailure.compareAndSet(null, e);
                        }
                    });
                }
                producer.flush();
            }
            assertThat(sendFailure.get()).as("no send may fail").isNull();

            BitSet seen = new BitSet(EVENTS);
            int received = 0;
            int duplicates = 0;
            Map<String, Object> consumerProps = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-check",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            try (KafkaConsumer<String, FaceImage> consumer = new KafkaConsumer<>(consumerProps,
                    Topics.IMAGES_RAW.keySerde().deserializer(),
                    Topics.IMAGES_RAW.valueSerde(client, serdeConfig).deserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                long quietSince = System.nanoTime();
                // Read until everything arrived and 2 s passed with nothing new (to catch duplicates).
                while (System.nanoTime() < deadline
                        && (received < EVENTS || System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos())) {
                    for (ConsumerRecord<String, FaceImage> record : consumer.poll(Duration.ofMillis(200))) {
                        int index = Integer.parseInt(record.value().getId().substring("test:".length()));
                        assertThat(record.key()).isEqualTo(record.value().getId());
                        if (seen.get(index)) {
                            duplicates++;
                        }
                        seen.set(index);
                        received++;
                        quietSince = System.nanoTime();
                    }
                }
            }
            assertThat(duplicates).as("duplicates").isZero();
            assertThat(seen.cardinality()).as("distinct ids received").isEqualTo(EVENTS);
            assertThat(received).isEqualTo(EVENTS);
        }
    }
}
