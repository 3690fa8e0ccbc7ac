package io.ferstream.quality.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.ferstream.quality.QualityStage;
import io.ferstream.quality.QualityThresholds;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Throughput of the quality stage through a real (embedded) broker with 1 and with 2 workers in
 * one JVM (same application id, 6 partitions), and the scaling ratio. Prints one line per case.
 * Each case gets fresh topics (a topic prefix) preloaded with the same images, and is timed from
 * the workers' start until every image has come out (checked + rejected, read_committed).
 *
 * <pre>
 * ./mvnw -B -q -o -pl services/quality test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec \
 *   -Dexec.executable=java -Dexec.classpathScope=test \
 *   "-Dexec.args=-Xmx1g -cp %classpath io.ferstream.quality.bench.QualityScalingBenchmark 20000"
 * </pre>
 */
public final class QualityScalingBenchmark {

    private QualityScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
            double one = run(platform, "one.", images, 1);
            double two = run(platform, "two.", images, 2);
            System.out.printf(Locale.ROOT, "quality stage: 1 worker %.0f images/s, 2 workers %.0f images/s, ratio %.2f%n",
                    one, two, two / one);
        }
    }

    private static double run(EmbeddedPlatform platform, String prefix, int images, int workers) throws Exception {
        ConnectionConfig connection = new ConnectionConfig(platform.bootstrapServers(), platform.registryUrl(), prefix);
        TopicNames names = connection.topicNames();
        try (Admin admin = platform.admin()) {
            new TopicProvisioner(admin, names, platform.timeout()).ensureAll();
        }
        SchemaRegistryClient client = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
        Random random = new Random(1);
        try (KafkaProducer<String, FaceImage> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 10),
                new StringSerializer(), Topics.IMAGES_RAW.valueSerde(client, connection.serdeConfig()).serializer())) {
            for (int i = 0; i < images; i++) {
                byte[] pixels = new byte[48 * 48];
                random.nextBytes(pixels);
                FaceImage image = FaceImage.newBuilder(EmbeddedPlatform.faceImage("bench", i)).setId("bench:" + i)
                        .setSplit(Split.TRAIN).setPixels(ByteBuffer.wrap(pixels)).build();
                producer.send(new ProducerRecord<>(names.of(Topics.IMAGES_RAW), image.getId(), image));
            }
        }
        List<ImageStageService> started = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            started.add(QualityStage.start(new ImageStageService.Config(connection, prefix + "quality", 1,
                    SplitPolicy.trainOnly(), "127.0.0.1", -1, null), QualityThresholds.SEED,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        }
        long seen = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, prefix + "bench-count",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(names.of(Topics.IMAGES_CHECKED), names.of(Topics.IMAGES_REJECTED)));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen < images && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        started.forEach(ImageStageService::close);
        if (seen < images) {
            throw new IllegalStateException("only " + seen + " of " + images + " images came out");
        }
        System.out.printf(Locale.ROOT, "%d worker(s): %d images in %.1f s (%.0f images/s, incl. start-up and rebalance)%n",
                workers, images, seconds, images / seconds);
        return images / seconds;
    }
}
