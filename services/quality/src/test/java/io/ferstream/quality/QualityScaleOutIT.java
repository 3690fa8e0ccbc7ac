package io.ferstream.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two quality workers share the raw topic; one is stopped mid-stream and the other takes over its
 * partitions. Under exactly-once every input id must come out exactly once across checked ∪ rejected,
 * and a corrupt record must land in the DLQ without stopping anything.
 */
class QualityScaleOutIT {

    private static final int IMAGES = 3_000;

    @Test
    void killingAWorkerMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
            try (Admin admin = platform.admin()) {
                new TopicProvisioner(admin, platform.connection().topicNames(), platform.timeout()).ensureAll();
            }
            SchemaRegistryClient client = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
            SerdeConfig serdeConfig = platform.connection().serdeConfig();
            try (KafkaProducer<String, FaceImage> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                    new StringSerializer(), Topics.IMAGES_RAW.valueSerde(client, serdeConfig).serializer())) {
                for (int i = 0; i < IMAGES; i++) {
                    FaceImage image = image(i);
                    producer.send(new ProducerRecord<>("fer.images.raw", image.getId(), image));
                }
            }
            try (KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                    new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                bytes.send(new ProducerRecord<>("fer.images.raw", "corrupt", new byte[] {0, 0, 0, 0, 99, 1})).get();
            }

            ImageStageService.Config config = new ImageStageService.Config(platform.connection(), "fer-quality-it", 1,
                    SplitPolicy.trainOnly(), "127.0.0.1", -1, null);
            ImageStageService first = QualityStage.start(config, QualityThresholds.SEED,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            ImageStageService.Config withMetrics = new ImageStageService.Config(platform.connection(), "fer-quality-it", 1,
                    SplitPolicy.trainOnly(), "127.0.0.1", 0, null);
            ImageStageService second = QualityStage.start(withMetrics, QualityThresholds.SEED,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

            Map<String, Integer> seen = new HashMap<>();
            int deadLetters = 0;
            boolean killed = false;
            Map<String, Object> consumerProps = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "scale-out-check",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, FaceImage> images = new KafkaConsumer<>(consumerProps,
                    Topics.IMAGES_CHECKED.keySerde().deserializer(),
                    Topics.IMAGES_CHECKED.valueSerde(client, serdeConfig).deserializer());
                 KafkaConsumer<String, DeadLetter> dlq = new KafkaConsumer<>(consumerProps,
                    Topics.DLQ.keySerde().deserializer(), Topics.DLQ.valueSerde(client, serdeConfig).deserializer())) {
                images.subscribe(List.of("fer.images.checked", "fer.images.rejected"));
                dlq.subscribe(List.of("fer.dlq"));
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                long quietSince = System.nanoTime();
                while (System.nanoTime() < deadline && (seen.size() < IMAGES || deadLetters < 1
                        || System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos())) {
                    for (ConsumerRecord<String, FaceImage> record : images.poll(Duration.ofMillis(100))) {
                        seen.merge(record.value().getId(), 1, Integer::sum);
                        quietSince = System.nanoTime();
                    }
                    deadLetters += dlq.poll(Duration.ofMillis(10)).count();
                    if (!killed && seen.size() >= IMAGES / 5) {
                        first.close();
                        killed = true;
                    }
                }
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + second.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.httpPort()
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                // This worker took over the stopped one's partitions, so it has judged both kinds of image.
                assertThat(metrics).contains("fer_quality_images_in_total", "fer_quality_images_passed_total",
                        "fer_quality_images_rejected_total{reason=\"blur\"}", "fer_quality_judge_seconds");
            } finally {
                if (!killed) {
                    first.close();
                }
                second.close();
            }
            assertThat(killed).as("a worker was stopped mid-stream").isTrue();
            assertThat(seen).hasSize(IMAGES);
            assertThat(seen.values()).as("each id exactly once").containsOnly(1);
            assertThat(deadLetters).isEqualTo(1);
        }
    }

    /** Even ids are sharp stripes (pass), odd ids are flat (fail blur). */
    private static FaceImage image(int i) {
        byte[] pixels = new byte[48 * 48];
        for (int p = 0; p < pixels.length; p++) {
            int x = p % 48;
            pixels[p] = (byte) (i % 2 == 1 ? 128 : ((x / 6) % 2 == 0 ? 60 : 180));
        }
        return FaceImage.newBuilder(EmbeddedPlatform.faceImage("scale-out", i)).setId("img:" + i)
                .setSplit(Split.TRAIN).setPixels(ByteBuffer.wrap(pixels)).build();
    }
}
