package io.ferstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferstream.trainer.data.CleanedRun;
import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.data.Inputs;
import io.ferstream.trainer.data.Synthetic;
import io.ferstream.trainer.data.TrainingData;
import io.ferstream.trainer.network.OnnxWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.ModelRelease;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.files.Sha256;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fer train --run ID} against a real broker and registry: the run's cleaned images are read
 * from the cleaned topic once the run is accounted for, the model is trained and released on the
 * models topic; an unfinished or unknown run fails with a message instead of training on part of it.
 */
class TrainFromRunIT {

    private static EmbeddedPlatform platform;
    private static SerdeConfig serdeConfig;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start();
        try (Admin admin = platform.admin()) {
            new TopicProvisioner(admin, platform.connection().topicNames(), platform.timeout()).ensureAll();
        }
        serdeConfig = platform.connection().serdeConfig();
        client = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void trainsOnACompletedRunsCleanedImagesAndReleasesTheModel(@TempDir Path dir) throws Exception {
        String run = "run-complete";
        List<FaceImage> cleaned = new ArrayList<>();
        cleaned.addAll(images(run, Split.TRAIN, 70, 1));
        cleaned.addAll(images(run, Split.VALIDATION, 14, 2));
        cleaned.addAll(images(run, Split.TEST, 21, 3));
        List<FaceImage> rejected = images(run, Split.TRAIN, 5, 4);
        FaceImage deadLettered = images(run, Split.TRAIN, 1, 5).get(0);
        // Another run's images share the topics and must not leak into this one.
        List<FaceImage> otherRun = images("run-other", Split.TRAIN, 9, 6);
        publish(manifest(run, RunStatus.PUBLISHED, cleaned.size() + rejected.size() + 1), cleaned, rejected, deadLettered, otherRun);

        Path out = dir.resolve("model");
        TrainCommand train = command("--run", run, "--epochs", "1", "--out", out.toString(), "--wait", "PT60S");
        assertThat(train.releases()).as("a run is released by default").isTrue();
        assertThat(command("--run", run, "--no-release").releases()).isFalse();
        assertThatThrownBy(() -> command("--run", run, "--pixels", "CLAHE").config()).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("for pixels: only with --data");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingRun.Outcome outcome = train.run(new PrintStream(log, true, StandardCharsets.UTF_8));

        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("run run-complete: 105 cleaned images (5 rejected, 1 dead-lettered upstream)",
                "not applied again", "released seed ");
        JsonNode card = new ObjectMapper().readTree(outcome.card().toFile());
        JsonNode data = card.path("training").path("data");
        assertThat(data.path("run_id").asText()).isEqualTo(run);
        assertThat(data.path("train").asInt()).isEqualTo(70);
        assertThat(data.path("validation").asInt()).isEqualTo(14);
        assertThat(data.path("pixels").asText()).contains("enhancer");
        assertThat(card.path("test").path("images").asInt()).isEqualTo(21);

        List<ConsumerRecord<String, ModelRelease>> releases = readModels();
        assertThat(releases).hasSize(1);
        ModelRelease release = releases.get(0).value();
        assertThat(releases.get(0).key()).isEqualTo("seed").isEqualTo(release.getName());
        assertThat(release.getRunId()).isEqualTo(run);
        assertThat(release.getSha256()).isEqualTo(Sha256.of(outcome.model()));
        assertThat(Path.of(java.net.URI.create(release.getLocation()))).isEqualTo(outcome.model().toAbsolutePath().normalize());
        assertThat(release.getCard()).isEqualTo(Files.readString(outcome.card()));
        assertThat(release.getVersion()).endsWith("-" + release.getSha256().substring(0, 8));
        assertThat(release.getMetrics()).containsEntry("test_accuracy", card.path("test").path("accuracy").asDouble())
                .containsEntry("test_accuracy_tta", card.path("test").path("accuracy_tta").asDouble())
                .containsEntry("test_accuracy_tta_shifts", card.path("test").path("accuracy_tta_shifts").asDouble())
                .containsKey("validation_accuracy");
    }

    @Test
    void anUnfinishedRunFailsWithItsCountsInsteadOfTrainingOnPartOfIt(@TempDir Path dir) throws Exception {
        String run = "run-unfinished";
        publish(manifest(run, RunStatus.PUBLISHED, 10), images(run, Split.TRAIN, 6, 7), List.of(), null, List.of());

        TrainCommand train = command("--run", run, "--epochs", "1", "--out", dir.toString(), "--wait", "PT3S");

        assertThatThrownBy(() -> train.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("run run-unfinished (PUBLISHED): 6 of 10 published images reached the end")
                .hasMessageContaining("--wait");
        assertThat(dir.resolve("model.onnx")).doesNotExist();
    }

    @Test
    void aRunIsJudgedOnItsLatestManifestNotAnEarlierOne() throws Exception {
        String resumed = "run-resumed";
        List<FaceImage> images = new ArrayList<>(images(resumed, Split.TRAIN, 7, 8));
        images.addAll(images(resumed, Split.VALIDATION, 3, 9));
        images.addAll(images(resumed, Split.TEST, 2, 10));
        publish(manifest(resumed, RunStatus.CANCELLED, 4), List.of(), List.of(), null, List.of());
        publish(manifest(resumed, RunStatus.PUBLISHED, images.size()), images, List.of(), null, List.of());
        String failed = "run-failed";
        publish(manifest(failed, RunStatus.PUBLISHED, 2), images(failed, Split.TRAIN, 2, 11), List.of(), null, List.of());
        publish(manifest(failed, RunStatus.FAILED, 2), List.of(), List.of(), null, List.of());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        TrainingData data = CleanedRun.read(platform.connection(), resumed, Duration.ofSeconds(30), quiet);

        assertThat(data.split(Split.TRAIN).size()).isEqualTo(7);
        assertThat(data.split(Split.VALIDATION).size()).isEqualTo(3);
        assertThat(data.split(Split.TEST).size()).isEqualTo(2);
        assertThat(data.claheApplied()).isTrue();
        assertThat(data.runId()).isEqualTo(resumed);
        assertThatThrownBy(() -> CleanedRun.read(platform.connection(), failed, Duration.ofSeconds(30), quiet))
                .isInstanceOf(IOException.class).hasMessageContaining("ended FAILED");
    }

    @Test
    void anUnknownRunIsAConfigurationError(@TempDir Path dir) {
        TrainCommand train = command("--run", "no-such-run", "--out", dir.toString(), "--wait", "PT2S");

        assertThatThrownBy(() -> train.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no-such-run")
                .hasMessageContaining("no such run");
    }

    private static TrainCommand command(String... args) {
        TrainCommand train = new TrainCommand();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.registryUrl()));
        new CommandLine(train).parseArgs(all.toArray(String[]::new));
        return train;
    }

    /** Enhanced 48x48 images as the enhancer writes them to the cleaned topic. */
    private static List<FaceImage> images(String run, Split split, int n, long seed) {
        ImageSet set = Inputs.equalise(Synthetic.images(n, seed), OnnxWriter.CONTRACT);
        List<FaceImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(FaceImage.newBuilder()
                    .setId("test:" + seed + "-" + i).setRunId(run).setDataset("test").setSplit(split)
                    .setLabel(Emotion.values()[set.labels()[i]])
                    .setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(set.pixels()[i]))
                    .setSource("generated").setIngestTime(Instant.ofEpochMilli(1_700_000_000_000L))
                    .setVerdicts(List.of(StageVerdict.newBuilder().setStage(CleanedRun.ENHANCER_STAGE).setPassed(true).build()))
                    .build());
        }
        return out;
    }

    private static RunManifest manifest(String run, RunStatus status, long published) {
        Instant now = Instant.now();
        return RunManifest.newBuilder().setRunId(run).setDataset("test").setSource("generated").setStatus(status)
                .setPublishedImages(published).setStartedAt(now).setUpdatedAt(now).build();
    }

    private static void publish(RunManifest manifest, List<FaceImage> cleaned, List<FaceImage> rejected, FaceImage deadLettered,
            List<FaceImage> otherRun) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        Serializer<FaceImage> imageSerializer = Topics.IMAGES_CLEANED.valueSerde(client, serdeConfig).serializer();
        try (KafkaProducer<String, FaceImage> images = new KafkaProducer<>(props, new StringSerializer(), imageSerializer);
                KafkaProducer<String, RunManifest> manifests = new KafkaProducer<>(props, new StringSerializer(),
                        Topics.RUNS.valueSerde(client, serdeConfig).serializer());
                KafkaProducer<String, DeadLetter> letters = new KafkaProducer<>(props, new StringSerializer(),
                        Topics.DLQ.valueSerde(client, serdeConfig).serializer())) {
            manifests.send(new ProducerRecord<>(Topics.RUNS.name(), manifest.getRunId(), manifest)).get();
            for (FaceImage image : cleaned) {
                images.send(new ProducerRecord<>(Topics.IMAGES_CLEANED.name(), image.getId(), image));
            }
            for (FaceImage image : otherRun) {
                images.send(new ProducerRecord<>(Topics.IMAGES_CLEANED.name(), image.getId(), image));
            }
            for (FaceImage image : rejected) {
                images.send(new ProducerRecord<>(Topics.IMAGES_REJECTED.name(), image.getId(), image));
            }
            images.flush();
            if (deadLettered != null) {
                byte[] original = imageSerializer.serialize(Topics.IMAGES_CHECKED.name(), deadLettered);
                letters.send(new ProducerRecord<>(Topics.DLQ.name(), deadLettered.getId(), DeadLetter.newBuilder()
                        .setStage("quality").setTopic(Topics.IMAGES_CHECKED.name()).setValue(ByteBuffer.wrap(original))
                        .setError("test").setErrorClass("test").setFailedAt(Instant.now()).build())).get();
            }
        }
    }

    private static List<ConsumerRecord<String, ModelRelease>> readModels() {
        List<ConsumerRecord<String, ModelRelease>> out = new ArrayList<>();
        try (KafkaConsumer<String, ModelRelease> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "models-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                Topics.MODELS.valueSerde(client, serdeConfig).deserializer())) {
            consumer.subscribe(List.of(Topics.MODELS.name()));
            // Until the end of the topic as it is now, so a second (duplicate) release would be seen.
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
                if (!consumer.assignment().isEmpty() && consumer.assignment().stream()
                        .allMatch(p -> consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p))) {
                    break;
                }
            }
        }
        return out;
    }
}
