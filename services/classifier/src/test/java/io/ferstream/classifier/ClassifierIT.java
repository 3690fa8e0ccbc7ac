package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ferstream.classifier.bench.BenchFrames;
import io.ferstream.classifier.bench.SceneComposer;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.FacePrediction;
import io.ferstream.events.Frame;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.ModelRelease;
import io.ferstream.events.Prediction;
import io.ferstream.events.Split;
import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.DetectorAvailability;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.FaceDetector;
import io.ferstream.vision.Fer2013;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.frames.FrameDecoder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fer classify} against a real broker and registry, on real faces: FER2013 VALIDATION faces
 * (those YuNet finds in the 48×48 image), enlarged to 120–160 px and pasted at known places into
 * 640×480 grey scenes, 1–3 per frame, sent as JPEG frames.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassifierIT {

    private static final double MARGIN = 0.1;

    @TempDir
    static Path dir;

    private static EmbeddedPlatform platform;
    private static ClassifierService service;
    private static PrometheusMeterRegistry registry;
    private static KafkaProducer<String, byte[]> producer;
    private static SchemaRegistryClient client;
    private static SerdeConfig serdeConfig;
    private static Path card;

    /** A face placed in a scene: where the 48×48 detector saw the face, mapped into the scene. */
    record Placed(FaceBox expected) {
    }

    record Scene(Frame frame, List<Placed> faces) {
    }

    @BeforeAll
    static void start() throws IOException {
        card = PeerModel.cardIn(dir);
        Fer2013.csvOrSkip();
        platform = EmbeddedPlatform.start();
        // The pipeline creates the labelled topic; the classifier waits for it rather than create it.
        new TopicProvisioner(platform.admin(), platform.connection().topicNames(), platform.timeout())
                .ensure(List.of(Topics.IMAGES_CLEANED));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Generous age for the frames under test (the embedded broker, the registry and the first ONNX
        // run share two cores, at times with a training job of higher priority that leaves this JVM a
        // few per cent of them); the stale test uses a frame ten minutes old.
        ClassifierConfig config = ClassifierConfig.defaults(platform.connection()).withSmoothing(null)
                .withMaxFrameAge(Duration.ofMinutes(5)).withHttpPort(0);
        service = ClassifierService.start(config, new CardModelSource(card), registry);
        serdeConfig = platform.connection().serdeConfig();
        client = SchemaRegistryClients.forConfig(serdeConfig);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (service != null) {
            service.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void boxesLandOnTheFacesAndLabelsMatchTheModelOnTheSameCrop() throws Exception {
        List<Scene> scenes = scenes(faces(150));
        Instant sent = Instant.now();
        for (Scene scene : scenes) {
            send(scene.frame());
        }
        Map<String, Prediction> predictions = awaitPredictions(scenes.size());
        Duration elapsed = Duration.between(sent, Instant.now());

        FrameDecoder decoder = new FrameDecoder(io.ferstream.vision.frames.FrameLimits.DEFAULT);
        int placed = 0;
        int found = 0;
        int extra = 0;
        double[] sums = new double[4];
        try (LiveModel direct = new CardModelSource(card).load()) {
            for (Scene scene : scenes) {
                Prediction p = predictions.get(scene.frame().getId());
                assertThat(p).as("prediction of %s", scene.frame().getId()).isNotNull();
                assertThat(p.getModelName()).isEqualTo("fer2013_mini_XCEPTION");
                assertThat(p.getModelVersion()).isEqualTo("peer-baseline");
                assertThat(p.getCapturedAt()).isEqualTo(scene.frame().getCapturedAt());
                assertThat(p.getLatenciesMs()).containsKeys(PollProcessor.STEPS.toArray(String[]::new));
                sums[0] += p.getLatenciesMs().get("decode");
                sums[1] += p.getLatenciesMs().get("detect");
                sums[2] += p.getLatenciesMs().get("classify");
                sums[3] += p.getLatenciesMs().get("total");
                List<FaceBox> boxes = p.getFaces().stream().map(ClassifierIT::box).toList();
                for (Placed face : scene.faces()) {
                    placed++;
                    if (boxes.stream().anyMatch(b -> b.iou(face.expected()) >= 0.5)) {
                        found++;
                    }
                }
                extra += Math.max(0, boxes.size() - scene.faces().size());
                byte[] jpeg = PollProcessor.bytes(scene.frame());
                GrayImage decoded = decoder.decode(FrameDecoder.Encoding.JPEG, 640, 480, jpeg);
                for (FacePrediction face : p.getFaces()) {
                    GrayImage crop = FaceCrops.crops(decoded, List.of(box(face)), MARGIN).get(0);
                    var contract = direct.classifier().contract();
                    float[] alone = direct.classifier().predict(contract.tensor(List.of(contract.toInputGray(List.of(crop)))), 1)[0];
                    assertThat(face.getLabel().ordinal()).isEqualTo(PollProcessor.argmax(alone));
                    for (int k = 0; k < alone.length; k++) {
                        assertThat(face.getProbabilities().get(k)).isCloseTo(alone[k], within(1e-4f));
                    }
                    assertThat(face.getSmoothedProbabilities()).isEqualTo(face.getProbabilities());
                    assertThat(face.getLandmarks()).hasSize(10);
                    assertThat(face.getDetectorScore()).isBetween(0.5f, 1f);
                    assertThat(face.getTrackId()).isEqualTo(-1);
                }
            }
        }
        int n = scenes.size();
        System.out.printf("classifier IT: %d frames, %d faces placed, %d found (IoU >= 0.5), %d extra; mean per frame: decode %.2f ms,"
                        + " detect %.2f ms, classify (the poll's batch) %.2f ms, total %.2f ms; %d frames served in %d ms%n",
                n, placed, found, extra, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, n, elapsed.toMillis());
        assertThat((double) found / placed).isGreaterThanOrEqualTo(0.95);
        assertThat(counter("predicted")).isEqualTo(n);
    }

    @Test
    @Order(2)
    void badFramesBecomeDeadLettersStaleFramesAreDroppedAndTheNextFrameIsServed() throws Exception {
        Frame good = scenes(faces(1)).get(0).frame();
        Frame stale = Frame.newBuilder(good).setId("stale").setCapturedAt(Instant.now().minus(Duration.ofMinutes(10))).build();
        Frame notAnImage = Frame.newBuilder(good).setId("text").setPixels(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)))
                .build();
        Frame oversize = Frame.newBuilder(good).setId("oversize").setWidth(50_000).setHeight(50_000).build();
        double deadBefore = counter("dead_letter");
        int predictedBefore = RECEIVED.size();
        send(stale);
        send(notAnImage);
        send(oversize);
        producer.send(new ProducerRecord<>(Topics.FRAMES.name(), "s", "poison, not Avro".getBytes(StandardCharsets.UTF_8))).get();
        byte[] unknownId = {0, 0x7F, 0, 0, 1, 2, 3};
        producer.send(new ProducerRecord<>(Topics.FRAMES.name(), "s", unknownId)).get();
        Frame next = Frame.newBuilder(good).setId("next").setCapturedAt(Instant.now()).build();
        send(next);

        Map<String, Prediction> predictions = awaitPredictions(predictedBefore + 1);
        assertThat(predictions).containsKey("next").doesNotContainKeys("stale", "text", "oversize");
        assertThat(predictions.get("next").getFaces()).hasSize(1);

        List<String> reasons = deadLetters(4);
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("not a JPEG image"))
                .anySatisfy(r -> assertThat(r).contains("declared size 50000x50000 exceeds the limit"))
                .anySatisfy(r -> assertThat(r).contains("Unknown magic byte"))
                .anySatisfy(r -> assertThat(r).contains("Unknown schema id"));
        assertThat(counter("dead_letter") - deadBefore).isEqualTo(4);
        assertThat(counter("dropped_stale")).isEqualTo(1);
        assertThat(service.isHealthy()).isTrue();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("fer_classifier_frames_total{outcome=\"dropped_stale\"} 1.0")
                .contains("fer_classifier_latency_seconds_bucket{step=\"detect\",le=\"0.005\"}")
                .contains("fer_classifier_model_in_use{name=\"fer2013_mini_XCEPTION\",version=\"peer-baseline\"} 1.0");
    }

    @Test
    @Order(3)
    void aNewReleaseIsSwappedInMidStreamWithEveryFrameServedOnceAndBadOrOlderReleasesAreRefused() throws Exception {
        Path second = Files.createDirectories(dir.resolve("release-2")).resolve("model.onnx");
        Files.copy(card.resolveSibling("model.onnx"), second);
        Frame face = scenes(faces(1)).get(0).frame();
        int predictedBefore = RECEIVED.size();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean streaming = new AtomicBoolean(true);
        // Frames of one session go to one partition: served in order, so versions must only move forward along the sequence.
        Thread stream = new Thread(() -> {
            try {
                while (streaming.get()) {
                    int sequence = sent.get();
                    send(Frame.newBuilder(face).setId("reload-" + sequence).setSessionId("reload").setSequence(sequence)
                            .setCapturedAt(Instant.now()).build());
                    sent.incrementAndGet();
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "frames");
        stream.start();
        awaitPredictions(predictedBefore + 10);
        publish(PeerModel.release(second, "2", Instant.now()));
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (reloadVersions().stream().filter("2"::equals).count() < 10 && System.nanoTime() < deadline) {
            awaitPredictions(RECEIVED.size() + 1);
        }
        streaming.set(false);
        stream.join();
        awaitPredictions(predictedBefore + sent.get());

        List<String> versions = reloadVersions();
        assertThat(versions).as("one prediction per frame sequence, none lost across the swap").hasSize(sent.get());
        int firstOfTwo = versions.indexOf("2");
        assertThat(firstOfTwo).isPositive();
        assertThat(versions.subList(0, firstOfTwo)).containsOnly("peer-baseline");
        assertThat(versions.subList(firstOfTwo, versions.size())).containsOnly("2");
        assertThat(releases("loaded", "none")).isEqualTo(1);

        ModelRelease wrongSha = ModelRelease.newBuilder(PeerModel.release(second, "3", Instant.now())).setSha256("0".repeat(64)).build();
        publish(wrongSha);
        publish(PeerModel.release(second, "1", Instant.now().minus(Duration.ofDays(1))));
        awaitCount(() -> releases("refused", "sha256") + releases("refused", "not_newer"), 2);
        assertThat(releases("refused", "sha256")).isEqualTo(1);
        assertThat(releases("refused", "not_newer")).isEqualTo(1);
        send(Frame.newBuilder(face).setId("after-refusals").setCapturedAt(Instant.now()).build());
        assertThat(awaitPredictions(RECEIVED.size() + 1).get("after-refusals").getModelVersion()).isEqualTo("2");
        assertThat(registry.scrape()).contains("fer_classifier_model_in_use{name=\"fer2013_mini_XCEPTION\",version=\"2\"} 1.0")
                .doesNotContain("version=\"peer-baseline\"");
        System.out.printf("classifier IT reload: %d frames streamed, %d served by peer-baseline then %d by 2%n", versions.size(),
                firstOfTwo, versions.size() - firstOfTwo);
    }

    @Test
    @Order(4)
    void liveAccuracyIsKeptPerSplitAndModelVersionAndMatchesDirectEvaluation() throws Exception {
        Map<Split, List<Fer2013.Row>> rows = Map.of(Split.VALIDATION, Fer2013.read(Fer2013.csvOrSkip(), "PublicTest"::equals, 40),
                Split.TRAIN, Fer2013.read(Fer2013.csvOrSkip(), "Training"::equals, 25));
        Map<Split, Integer> expectedCorrect = new HashMap<>();
        try (LiveModel direct = new CardModelSource(card).load()) {
            var contract = direct.classifier().contract();
            for (Map.Entry<Split, List<Fer2013.Row>> split : rows.entrySet()) {
                int correct = 0;
                for (Fer2013.Row row : split.getValue()) {
                    float[] p = direct.classifier().predict(contract.tensor(List.of(contract.toInputGray(List.of(row.image())))), 1)[0];
                    correct += PollProcessor.argmax(p) == row.emotion() ? 1 : 0;
                    sendLabelled(labelled(split.getKey(), row).setLabel(Emotion.values()[row.emotion()]).build());
                }
                expectedCorrect.put(split.getKey(), correct);
            }
        }
        sendLabelled(labelled(Split.TEST, rows.get(Split.TRAIN).get(0)).setLabel(null).build());

        for (Map.Entry<Split, List<Fer2013.Row>> split : rows.entrySet()) {
            String tag = split.getKey().name().toLowerCase(java.util.Locale.ROOT);
            awaitCount(() -> labelled(tag, "true") + labelled(tag, "false"), split.getValue().size());
            assertThat(labelled(tag, "true")).as("correct on %s", tag).isEqualTo(expectedCorrect.get(split.getKey()).doubleValue());
            assertThat(registry.get("fer_classifier_live_accuracy").tags("split", tag, "model_version", "2").gauge().value())
                    .isEqualTo((double) expectedCorrect.get(split.getKey()) / split.getValue().size());
        }
        awaitCount(() -> registry.get("fer_classifier_labelled_skipped").tag("reason", "unlabelled").counter().count(), 1);
        System.out.printf("classifier IT live accuracy (model 2): validation %d/%d, train %d/%d%n",
                expectedCorrect.get(Split.VALIDATION), rows.get(Split.VALIDATION).size(), expectedCorrect.get(Split.TRAIN),
                rows.get(Split.TRAIN).size());
    }

    private static double labelled(String split, String correct) {
        var counter = registry.find("fer_classifier_labelled").tags("split", split, "model_version", "2", "correct", correct).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A FER2013 row as the pipeline publishes it on the cleaned topic (raw pixels: no enhancer verdict). */
    private static FaceImage.Builder labelled(Split split, Fer2013.Row row) {
        return FaceImage.newBuilder().setId("fer2013:" + row.index()).setRunId("it").setDataset("fer2013").setSplit(split)
                .setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(row.image().pixels()))
                .setSource("fer2013.csv#" + row.index()).setIngestTime(Instant.now());
    }

    private static void sendLabelled(FaceImage image) throws Exception {
        String topic = Topics.IMAGES_CLEANED.name();
        producer.send(new ProducerRecord<>(topic, image.getId(),
                Topics.IMAGES_CLEANED.valueSerde(client, serdeConfig).serializer().serialize(topic, image))).get();
    }

    /** The model versions of the reload test's predictions, by frame sequence. */
    private static List<String> reloadVersions() {
        return RECEIVED.values().stream().filter(p -> p.getSessionId().equals("reload"))
                .sorted(java.util.Comparator.comparingLong(Prediction::getSequence)).map(Prediction::getModelVersion).toList();
    }

    private static double releases(String outcome, String reason) {
        return registry.get("fer_classifier_model_releases").tags("outcome", outcome, "reason", reason).counter().count();
    }

    private static void awaitCount(java.util.function.DoubleSupplier count, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (count.getAsDouble() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count.getAsDouble()).isGreaterThanOrEqualTo(atLeast);
    }

    private static void publish(ModelRelease release) throws Exception {
        producer.send(new ProducerRecord<>(Topics.MODELS.name(), release.getName(),
                Topics.MODELS.valueSerde(client, serdeConfig).serializer().serialize(Topics.MODELS.name(), release))).get();
    }

    private static double counter(String outcome) {
        return registry.get("fer_classifier_frames").tag("outcome", outcome).counter().count();
    }

    /** VALIDATION faces that YuNet finds, with their box in the 48×48 image. */
    private static List<Map.Entry<GrayImage, FaceBox>> faces(int n) {
        List<Map.Entry<GrayImage, FaceBox>> out = new ArrayList<>();
        DetectorAvailability availability = YuNetDetector.shipped();
        try (FaceDetector crops = ((DetectorAvailability.Available) availability).detector()) {
            for (Fer2013.Row row : Fer2013.read(Fer2013.csvOrSkip(), "PublicTest"::equals, 4 * n)) {
                List<FaceBox> boxes = crops.detect(row.image());
                if (boxes.size() == 1 && out.size() < n) {
                    out.add(Map.entry(row.image(), boxes.get(0)));
                }
            }
        }
        assertThat(out).hasSize(n);
        return out;
    }

    /** Frames of 1–3 faces each, in the left, middle and right thirds, over a noisy grey background. */
    private static List<Scene> scenes(List<Map.Entry<GrayImage, FaceBox>> faces) {
        List<SceneComposer.Scene> composed = new SceneComposer(SceneComposer.Background.NOISY, 120, 160, 7)
                .compose(faces.stream().map(Map.Entry::getKey).toList());
        List<Scene> scenes = new ArrayList<>();
        for (int f = 0; f < composed.size(); f++) {
            SceneComposer.Scene scene = composed.get(f);
            List<Placed> placed = scene.faces().stream().map(p -> new Placed(p.map(faces.get(p.face()).getValue(), 48))).toList();
            Frame frame = Frame.newBuilder().setId("frame-" + scenes.size() + "-" + System.nanoTime()).setSessionId("session-" + f % 4)
                    .setSequence(f).setWidth(640).setHeight(480).setEncoding(ImageEncoding.JPEG)
                    .setPixels(ByteBuffer.wrap(BenchFrames.jpeg(scene.image()))).setCapturedAt(Instant.now())
                    .setReceivedAt(Instant.now()).build();
            scenes.add(new Scene(frame, placed));
        }
        return scenes;
    }

    private static void send(Frame frame) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FRAMES.name(), frame.getSessionId(),
                Topics.FRAMES.valueSerde(client, serdeConfig).serializer().serialize(Topics.FRAMES.name(), frame))).get();
    }

    private static final Map<String, Prediction> RECEIVED = new HashMap<>();
    private static KafkaConsumer<String, Prediction> predictions;

    /** Every prediction so far, waiting until there are {@code atLeast}. */
    private static Map<String, Prediction> awaitPredictions(int atLeast) {
        if (predictions == null) {
            predictions = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "classifier-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    Topics.PREDICTIONS.keySerde().deserializer(), Topics.PREDICTIONS.valueSerde(client, serdeConfig).deserializer());
            predictions.subscribe(List.of(Topics.PREDICTIONS.name()));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (RECEIVED.size() < atLeast && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, Prediction> record : predictions.poll(Duration.ofMillis(200))) {
                assertThat(RECEIVED.put(record.value().getFrameId(), record.value())).as("one prediction per frame").isNull();
                assertThat(record.key()).isEqualTo(record.value().getSessionId());
            }
        }
        assertThat(RECEIVED).hasSizeGreaterThanOrEqualTo(atLeast);
        return RECEIVED;
    }

    private static List<String> deadLetters(int n) {
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> dlq = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "classifier-it-dlq",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Topics.DLQ.keySerde().deserializer(), Topics.DLQ.valueSerde(client, serdeConfig).deserializer())) {
            dlq.subscribe(List.of(Topics.DLQ.name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (reasons.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, DeadLetter> record : dlq.poll(Duration.ofMillis(200))) {
                    assertThat(record.value().getStage()).isEqualTo(ClassifierService.STAGE);
                    assertThat(record.value().getTopic()).isEqualTo(Topics.FRAMES.name());
                    reasons.add(record.value().getError());
                }
            }
        }
        assertThat(reasons).hasSize(n);
        return reasons;
    }

    private static FaceBox box(FacePrediction face) {
        return new FaceBox(face.getBox().getX(), face.getBox().getY(), face.getBox().getWidth(), face.getBox().getHeight());
    }
}
