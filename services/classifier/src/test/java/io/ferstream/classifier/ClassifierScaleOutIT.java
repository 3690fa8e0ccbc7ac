package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.classifier.bench.BenchFrames;
import io.ferstream.classifier.bench.SceneComposer;
import io.ferstream.events.Frame;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Prediction;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.Fer2013;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code fer classify} workers in one group against a real broker: the sessions' partitions are
 * split between them, every frame gets exactly one prediction, and each session's predictions come
 * in sequence order.
 */
class ClassifierScaleOutIT {

    private static final String GROUP = "fer-classifier-scale-out";
    private static final int SESSIONS = 12;
    private static final int FRAMES_PER_SESSION = 15;

    @TempDir
    Path dir;

    @Test
    void twoWorkersSplitTheSessionsAndEveryFrameGetsOnePredictionInSessionOrder() throws Exception {
        Path card = PeerModel.cardIn(dir);
        List<byte[]> scenes = scenes();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
            new TopicProvisioner(platform.admin(), platform.connection().topicNames(), platform.timeout())
                    .ensure(List.of(Topics.IMAGES_CLEANED));
            ClassifierConfig config = ClassifierConfig.defaults(platform.connection()).withGroupId(GROUP)
                    .withMaxFrameAge(Duration.ofMinutes(5)).withHttpPort(0);
            PrometheusMeterRegistry metricsA = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            PrometheusMeterRegistry metricsB = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (ClassifierService a = ClassifierService.start(config, new CardModelSource(card), metricsA);
                 ClassifierService b = ClassifierService.start(config, new CardModelSource(card), metricsB)) {
                awaitBothAssigned(platform);
                SerdeConfig serde = platform.connection().serdeConfig();
                SchemaRegistryClient client = SchemaRegistryClients.forConfig(serde);
                Map<String, Frame> sent = send(platform, client, serde, scenes);
                List<Prediction> received = receive(platform, client, serde, sent.size());

                assertThat(received).extracting(Prediction::getFrameId).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(sent.keySet());
                Map<String, List<Long>> sequences = new HashMap<>();
                for (Prediction p : received) {
                    sequences.computeIfAbsent(p.getSessionId(), s -> new ArrayList<>()).add(p.getSequence());
                }
                assertThat(sequences).hasSize(SESSIONS);
                sequences.forEach((session, order) -> assertThat(order).as("arrival order of %s", session).isSorted());
                double servedByA = predicted(metricsA);
                double servedByB = predicted(metricsB);
                assertThat(servedByA).as("frames served by the first worker").isPositive();
                assertThat(servedByB).as("frames served by the second worker").isPositive();
                assertThat(servedByA + servedByB).isEqualTo(sent.size());
                assertThat(health(a)).contains("\"status\":\"UP\"").contains("\"releases\":\"UP\"").contains("\"accuracy\":\"UP\"");
                assertThat(a.isHealthy()).isTrue();
                assertThat(b.isHealthy()).isTrue();
                System.out.printf("classifier scale-out IT: %d sessions, %d frames, %.0f served by one worker, %.0f by the other%n",
                        SESSIONS, sent.size(), servedByA, servedByB);
            }
        }
    }

    /** A few frames of real VALIDATION faces (the content does not matter here, only that it is a real frame). */
    private static List<byte[]> scenes() {
        List<io.ferstream.vision.GrayImage> faces = Fer2013.read(Fer2013.csvOrSkip(), "PublicTest"::equals, 6).stream()
                .map(Fer2013.Row::image).toList();
        return new SceneComposer(SceneComposer.Background.NOISY, 120, 160, 11).compose(faces).stream()
                .map(scene -> BenchFrames.jpeg(scene.image())).toList();
    }

    /** Waits until the group has both workers, each with partitions of fer.frames. */
    private static void awaitBothAssigned(EmbeddedPlatform platform) throws Exception {
        try (Admin admin = platform.admin()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
                if (group.members().size() == 2
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the two workers did not both get partitions of fer.frames within 60 s");
    }

    /** Interleaves the sessions' frames, each session's in sequence order. */
    private static Map<String, Frame> send(EmbeddedPlatform platform, SchemaRegistryClient client, SerdeConfig serde,
                                           List<byte[]> scenes) throws Exception {
        Map<String, Frame> sent = new HashMap<>();
        String topic = Topics.FRAMES.name();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
            for (int sequence = 0; sequence < FRAMES_PER_SESSION; sequence++) {
                for (int s = 0; s < SESSIONS; s++) {
                    Instant now = Instant.now();
                    Frame frame = Frame.newBuilder().setId("s" + s + "-" + sequence).setSessionId("session-" + s).setSequence(sequence)
                            .setWidth(SceneComposer.WIDTH).setHeight(SceneComposer.HEIGHT).setEncoding(ImageEncoding.JPEG)
                            .setPixels(ByteBuffer.wrap(scenes.get((s + sequence) % scenes.size()))).setCapturedAt(now)
                            .setReceivedAt(now).build();
                    producer.send(new ProducerRecord<>(topic, frame.getSessionId(),
                            Topics.FRAMES.valueSerde(client, serde).serializer().serialize(topic, frame)));
                    sent.put(frame.getId(), frame);
                }
                Thread.sleep(30);
            }
        }
        return sent;
    }

    /** Every prediction until {@code expected} have come, then 2 s more (a duplicate would show). */
    private static List<Prediction> receive(EmbeddedPlatform platform, SchemaRegistryClient client, SerdeConfig serde, int expected) {
        List<Prediction> received = new ArrayList<>();
        try (KafkaConsumer<String, Prediction> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "scale-out-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"), Topics.PREDICTIONS.keySerde().deserializer(), Topics.PREDICTIONS.valueSerde(client, serde).deserializer())) {
            consumer.subscribe(List.of(Topics.PREDICTIONS.name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, Prediction> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
                if (received.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return received;
    }

    private static double predicted(PrometheusMeterRegistry registry) {
        return registry.get("fer_classifier_frames").tag("outcome", "predicted").counter().count();
    }

    private static String health(ClassifierService service) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
