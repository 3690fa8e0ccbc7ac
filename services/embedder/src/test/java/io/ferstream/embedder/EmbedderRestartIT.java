package io.ferstream.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.ferstream.embedder.duplicates.DuplicateRule;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.events.FaceImage;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a real broker: half a run reaches the embedder, the instance stops and its local state is
 * wiped, a new instance restores the stored samples from the changelog, the rest arrives, and the
 * decision still equals the batch algorithm exactly.
 */
class EmbedderRestartIT {

    @Test
    void aRestartMidRunRestoresFromTheChangelogAndStaysExact(@TempDir Path temp) throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
            try (Admin admin = platform.admin()) {
                new TopicProvisioner(admin, platform.connection().topicNames(), platform.timeout()).ensureAll();
            }
            String run = "restart-run";
            List<FaceImage> images = EmbedderTopologyTest.dataset(run, 11);
            List<FaceImage> firstHalf = images.subList(0, images.size() / 2);
            List<FaceImage> secondHalf = images.subList(images.size() / 2, images.size());
            SchemaRegistryClient client = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
            SerdeConfig serdeConfig = platform.connection().serdeConfig();

            // Outlier images that differ only in their first pixels: the duplicate check would join them all.
            EmbedderTopology.Settings settings = new EmbedderTopology.Settings(OutlierRule.SEED, DuplicateRule.OFF, LabelRule.FLAG_ONLY, 50,
                    Duration.ofMinutes(5),
                    SplitPolicy.trainOnly(), "pixels");
            Path firstState = temp.resolve("first");
            PrometheusMeterRegistry firstMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            EmbedderService first = EmbedderService.start(new EmbedderService.Config(platform.connection(), "fer-embedder-it",
                    1, settings, "127.0.0.1", -1, firstState), EmbedderTopologyTest.PixelEmbedder::new, firstMeters);

            try (KafkaProducer<String, FaceImage> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()), new StringSerializer(),
                    Topics.IMAGES_FACES.valueSerde(client, serdeConfig).serializer());
                 KafkaProducer<String, RunManifest> manifests = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()), new StringSerializer(),
                    Topics.RUNS.valueSerde(client, serdeConfig).serializer())) {
                manifests.send(new ProducerRecord<>("fer.runs", run,
                        EmbedderTopologyTest.manifest(run, RunStatus.PUBLISHED, images.size()))).get();
                for (FaceImage image : firstHalf) {
                    producer.send(new ProducerRecord<>("fer.images.faces", image.getId(), image)).get();
                }
                long deadline = System.currentTimeMillis() + 60_000;
                while (firstMeters.counter("fer_embedder_images_in").count() < firstHalf.size()
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(firstMeters.counter("fer_embedder_images_in").count()).isEqualTo(firstHalf.size());
                first.close();
                deleteRecursively(firstState);

                EmbedderService second = EmbedderService.start(new EmbedderService.Config(platform.connection(),
                        "fer-embedder-it", 1, settings, "127.0.0.1", -1, temp.resolve("second")),
                        EmbedderTopologyTest.PixelEmbedder::new, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                try {
                    for (FaceImage image : secondHalf) {
                        producer.send(new ProducerRecord<>("fer.images.faces", image.getId(), image)).get();
                    }
                    Set<String> kept = new HashSet<>();
                    Set<String> removed = new HashSet<>();
                    try (KafkaConsumer<String, FaceImage> consumer = new KafkaConsumer<>(Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "embedder-check",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                            Topics.IMAGES_TYPICAL.keySerde().deserializer(),
                            Topics.IMAGES_TYPICAL.valueSerde(client, serdeConfig).deserializer())) {
                        consumer.subscribe(List.of("fer.images.typical", "fer.images.rejected"));
                        long until = System.currentTimeMillis() + 90_000;
                        while (kept.size() + removed.size() < images.size() && System.currentTimeMillis() < until) {
                            for (ConsumerRecord<String, FaceImage> record : consumer.poll(Duration.ofMillis(200))) {
                                (record.topic().equals("fer.images.typical") ? kept : removed).add(record.value().getId());
                            }
                        }
                    }
                    assertThat(kept.size() + removed.size()).isEqualTo(images.size());
                    assertThat(kept).isEqualTo(EmbedderTopologyTest.batchKept(images, OutlierRule.SEED));
                    assertThat(removed).isNotEmpty();
                } finally {
                    second.close();
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
