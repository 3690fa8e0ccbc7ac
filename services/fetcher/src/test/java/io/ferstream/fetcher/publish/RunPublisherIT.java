package io.ferstream.fetcher.publish;

import static io.ferstream.fetcher.fixtures.FerFixtures.label;
import static io.ferstream.fetcher.fixtures.FerFixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.events.Split;
import io.ferstream.fetcher.fixtures.FerFixtures;
import io.ferstream.fetcher.fixtures.TopicContents;
import io.ferstream.fetcher.source.Fer2013CsvReader;
import io.ferstream.fetcher.source.ImageSource;
import io.ferstream.fetcher.source.SourceEntry;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real broker and schema registry: counts, dead letters, manifests, re-runs. */
class RunPublisherIT {

    private static EmbeddedPlatform platform;
    private static SchemaRegistryClient registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start();
        registry = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** The 10 bad rows of the 500-row fixture: one of each kind, at these row indices. */
    private static Map<Integer, String> tenBadRows() {
        Map<Integer, String> bad = new LinkedHashMap<>();
        int row = 7;
        for (String kind : FerFixtures.badRows(0).keySet()) {
            bad.put(row, kind);
            row += 49;
        }
        return bad;
    }

    @Test
    void publishesEveryGoodRowOnceAndDeadLettersEveryBadRowThenARerunPublishesNothing() throws IOException {
        ConnectionConfig connection = connection("csv500.");
        Map<Integer, String> bad = tenBadRows();
        Path csv = FerFixtures.write(dir.resolve("fixture.csv"), FerFixtures.csv(500, bad));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        RunPublisher.Result result;
        try (Fer2013CsvReader source = Fer2013CsvReader.open(csv, "fer2013")) {
            result = publisher(connection, meters).publish(source, settings("run-500", 100));
        }
        assertThat(result.outcome()).isEqualTo(RunPublisher.Outcome.PUBLISHED);

        // Raw images: exactly the 490 good rows, each once, with the generator's split, label and pixels.
        List<ConsumerRecord<String, FaceImage>> raw = raw(connection);
        assertThat(raw).hasSize(490);
        Map<String, FaceImage> byId = new HashMap<>();
        for (ConsumerRecord<String, FaceImage> record : raw) {
            assertThat(record.key()).isEqualTo(record.value().getId());
            assertThat(byId.put(record.key(), record.value())).as("duplicate " + record.key()).isNull();
        }
        Map<String, Long> expectedSplits = new TreeMap<>();
        Map<String, Long> expectedClasses = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            if (bad.containsKey(i)) {
                assertThat(byId).doesNotContainKey("fer2013:" + i);
                continue;
            }
            FaceImage image = byId.get("fer2013:" + i);
            assertThat(image).as("row %d", i).isNotNull();
            Split split = switch (usage(i)) {
                case "Training" -> Split.TRAIN;
                case "PublicTest" -> Split.VALIDATION;
                default -> Split.TEST;
            };
            assertThat(image.getSplit()).isEqualTo(split);
            assertThat(image.getLabel()).isEqualTo(Emotion.values()[label(i)]);
            assertThat(image.getRunId()).isEqualTo("run-500");
            assertThat(image.getDataset()).isEqualTo("fer2013");
            assertThat(image.getSource()).isEqualTo("fixture.csv#row=" + i);
            assertThat(image.getEncoding()).isEqualTo(ImageEncoding.GRAY8);
            assertThat(image.getWidth()).isEqualTo(48);
            assertThat(image.getHeight()).isEqualTo(48);
            assertThat(bytes(image.getPixels())).isEqualTo(FerFixtures.pixels(i));
            expectedSplits.merge(split.name(), 1L, Long::sum);
            expectedClasses.merge(split.name() + "/" + Emotion.values()[label(i)].name(), 1L, Long::sum);
        }

        // Dead letters: the 10 bad rows, with their reason, location and original line.
        List<ConsumerRecord<String, DeadLetter>> dlq = dlq(connection);
        assertThat(dlq).hasSize(10);
        Map<String, DeadLetter> letters = new HashMap<>();
        dlq.forEach(r -> letters.put(r.value().getSource(), r.value()));
        String[] lines = FerFixtures.csv(500, bad).split("\n");
        for (Map.Entry<Integer, String> e : bad.entrySet()) {
            DeadLetter letter = letters.get("fixture.csv#row=" + e.getKey());
            assertThat(letter).as(e.getValue()).isNotNull();
            assertThat(letter.getStage()).isEqualTo("fetcher");
            String code = e.getValue().substring(0, e.getValue().indexOf('/'));
            assertThat(letter.getError()).startsWith(code + ": ");
            assertThat(letter.getErrorClass()).endsWith(code.toUpperCase().replace('-', '_'));
            assertThat(bytes(letter.getValue())).isEqualTo(lines[e.getKey() + 1].getBytes());
        }

        // The manifest: final counts, computed above from the generator.
        RunManifest manifest = manifest(connection, "run-500");
        assertThat(manifest.getStatus()).isEqualTo(RunStatus.PUBLISHED);
        assertThat(manifest.getPublishedImages()).isEqualTo(490);
        assertThat(manifest.getDeadLettered()).isEqualTo(10);
        assertThat(manifest.getSplitCounts()).isEqualTo(expectedSplits);
        assertThat(manifest.getClassCounts()).isEqualTo(expectedClasses);
        assertThat(manifest.getDataset()).isEqualTo("fer2013");
        assertThat(manifest.getSource()).isEqualTo("fixture.csv");
        assertThat(manifest.getFinishedAt()).isNotNull();
        assertThat(manifest.getMessage()).contains("bad-pixel-count=2", "bad-label=3", "malformed-row=1");
        assertThat(result.deadLettersByReason()).containsEntry("bad-pixel-value", 3L).containsEntry("unknown-usage", 1L);
        assertThat(meters.get("fer.fetcher.images.published").counter().count()).isEqualTo(490.0);
        assertThat(meters.get("fer.fetcher.dead.letters").tag("reason", "bad-label").counter().count()).isEqualTo(3.0);
        assertThat(result.summary()).contains("PUBLISHED", "490 images", "10 dead letters");

        // The same run id again: nothing new anywhere.
        RunPublisher.Result again;
        try (Fer2013CsvReader source = Fer2013CsvReader.open(csv, "fer2013")) {
            again = publisher(connection, new SimpleMeterRegistry()).publish(source, settings("run-500", 100));
        }
        assertThat(again.outcome()).isEqualTo(RunPublisher.Outcome.ALREADY_PUBLISHED);
        assertThat(raw(connection)).hasSize(490);
        assertThat(dlq(connection)).hasSize(10);
        assertThat(manifest(connection, "run-500").getPublishedImages()).isEqualTo(490);
    }

    @Test
    void aCancelledRunResumesWhereItStoppedWithoutDuplicates() throws IOException {
        ConnectionConfig connection = connection("cancel.");
        Path csv = FerFixtures.write(dir.resolve("cancel.csv"), FerFixtures.csv(1200, Map.of(100, "bad-label/7")));
        RunPublisher first = publisher(connection, new SimpleMeterRegistry());
        RunPublisher.Result cancelled;
        try (ImageSource source = new Hooked(Fer2013CsvReader.open(csv, "fer2013"), n -> {
            if (n == 449) {
                // Ctrl-C while the 450th entry is read: that entry is still published, then the run stops.
                first.cancel();
            }
        })) {
            cancelled = first.publish(source, settings("run-cancel", 100));
        }
        assertThat(cancelled.outcome()).isEqualTo(RunPublisher.Outcome.CANCELLED);
        RunManifest stopped = manifest(connection, "run-cancel");
        assertThat(stopped.getStatus()).isEqualTo(RunStatus.CANCELLED);
        // The 450 entries read before the cancel are committed with the CANCELLED manifest.
        assertThat(stopped.getPublishedImages() + stopped.getDeadLettered()).isEqualTo(450);
        assertThat(raw(connection)).hasSize(449);

        RunPublisher.Result resumed;
        try (Fer2013CsvReader source = Fer2013CsvReader.open(csv, "fer2013")) {
            resumed = publisher(connection, new SimpleMeterRegistry()).publish(source, settings("run-cancel", 100));
        }
        assertThat(resumed.outcome()).isEqualTo(RunPublisher.Outcome.PUBLISHED);
        assertThat(resumed.resumedFrom()).isEqualTo(450);
        assertThat(resumed.imagesThisAttempt()).isEqualTo(750);
        assertExactlyOnce(raw(connection), 1200, Set.of(100));
        assertThat(dlq(connection)).hasSize(1);
        RunManifest done = manifest(connection, "run-cancel");
        assertThat(done.getStatus()).isEqualTo(RunStatus.PUBLISHED);
        assertThat(done.getPublishedImages()).isEqualTo(1199);
        assertThat(done.getDeadLettered()).isEqualTo(1);
        assertThat(done.getStartedAt()).isEqualTo(stopped.getStartedAt());
    }

    @Test
    void aSourceFailureIsRecordedAndTheRerunResumes() throws IOException {
        ConnectionConfig connection = connection("fail.");
        Path csv = FerFixtures.write(dir.resolve("fail.csv"), FerFixtures.csv(600, Map.of()));
        RunPublisher.Result failed;
        try (ImageSource source = new Hooked(Fer2013CsvReader.open(csv, "fer2013"), n -> {
            if (n == 333) {
                throw new java.io.UncheckedIOException(new IOException("disk went away"));
            }
        })) {
            failed = publisher(connection, new SimpleMeterRegistry()).publish(source, settings("run-fail", 100));
        }
        assertThat(failed.outcome()).isEqualTo(RunPublisher.Outcome.FAILED);
        RunManifest manifest = manifest(connection, "run-fail");
        assertThat(manifest.getStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(manifest.getMessage()).contains("disk went away");
        // The 333 entries read before the failure are committed with the FAILED manifest.
        assertThat(manifest.getPublishedImages()).isEqualTo(333);

        try (Fer2013CsvReader source = Fer2013CsvReader.open(csv, "fer2013")) {
            assertThat(publisher(connection, new SimpleMeterRegistry()).publish(source, settings("run-fail", 100))
                    .outcome()).isEqualTo(RunPublisher.Outcome.PUBLISHED);
        }
        assertExactlyOnce(raw(connection), 600, Set.of());
    }

    @Test
    void aCrashedAttemptsOpenTransactionIsAbortedWhenTheRunIdIsReused() throws IOException {
        ConnectionConfig connection = connection("crash.");
        TopicNames names = connection.topicNames();
        Path csv = FerFixtures.write(dir.resolve("crash.csv"), FerFixtures.csv(50, Map.of()));
        // First make sure the topics exist, then play a crashed fetch: an open transaction, never committed.
        try (Fer2013CsvReader source = Fer2013CsvReader.open(csv, "fer2013")) {
            publisher(connection, new SimpleMeterRegistry()).publish(source,
                    new RunPublisher.Settings("warm-up", 1L, 100, false, Duration.ofSeconds(5), platform.timeout()));
        }
        Serializer<FaceImage> serializer = Topics.IMAGES_RAW.valueSerde(registry, connection.serdeConfig()).serializer();
        KafkaProducer<String, byte[]> crashed = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, RunPublisher.transactionalId(names, "run-crash")),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
        try {
            crashed.initTransactions();
            crashed.beginTransaction();
            for (int i = 0; i < 5; i++) {
                FaceImage junk = EmbeddedPlatform.faceImage("run-crash", i);
                crashed.send(new ProducerRecord<>(names.of(Topics.IMAGES_RAW), junk.getId(),
                        serializer.serialize(names.of(Topics.IMAGES_RAW), junk)));
            }
            crashed.flush();

            RunPublisher.Result result;
            try (Fer2013CsvReader source = Fer2013CsvReader.open(csv, "fer2013")) {
                result = publisher(connection, new SimpleMeterRegistry()).publish(source, settings("run-crash", 20));
            }
            assertThat(result.outcome()).isEqualTo(RunPublisher.Outcome.PUBLISHED);
            List<ConsumerRecord<String, FaceImage>> raw = raw(connection);
            assertThat(raw).noneMatch(r -> r.key().startsWith("test:"));
            assertThat(raw.stream().filter(r -> r.value().getRunId().equals("run-crash"))).hasSize(50);
            assertThatThrownBy(crashed::commitTransaction).as("the crashed producer is fenced").isNotNull();
        } finally {
            crashed.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRunIdOfAnotherSourceIsRefused() throws IOException {
        ConnectionConfig connection = connection("mismatch.");
        Path a = FerFixtures.write(dir.resolve("a.csv"), FerFixtures.csv(5, Map.of()));
        Path b = FerFixtures.write(dir.resolve("b.csv"), FerFixtures.csv(5, Map.of()));
        try (Fer2013CsvReader source = Fer2013CsvReader.open(a, "fer2013")) {
            publisher(connection, new SimpleMeterRegistry()).publish(source, settings("run-ab", 100));
        }
        try (Fer2013CsvReader source = Fer2013CsvReader.open(b, "fer2013")) {
            assertThatThrownBy(() -> publisher(connection, new SimpleMeterRegistry()).publish(source, settings("run-ab", 100)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already belongs to fer2013 from a.csv");
        }
    }

    @Test
    void theReusingWriterWritesTheSameBytesAsThePlatformSerializer() {
        ConnectionConfig connection = connection("bytes.");
        Serializer<FaceImage> platformSerializer = Topics.IMAGES_RAW.valueSerde(registry, connection.serdeConfig()).serializer();
        WireFormatWriter<FaceImage> writer = new WireFormatWriter<>(registry, connection.serdeConfig());
        for (int i = 0; i < 3; i++) {
            FaceImage image = EmbeddedPlatform.faceImage("bytes-run", i);
            assertThat(writer.serialize("bytes.fer.images.raw", image))
                    .isEqualTo(platformSerializer.serialize("bytes.fer.images.raw", image));
        }
        assertThat(writer.serialize("bytes.fer.images.raw", null)).isNull();
    }

    private static void assertExactlyOnce(List<ConsumerRecord<String, FaceImage>> raw, int rows, Set<Integer> badRows) {
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, FaceImage> record : raw) {
            assertThat(seen.add(record.key())).as("duplicate " + record.key()).isTrue();
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < rows; i++) {
            if (!badRows.contains(i)) {
                expected.add("fer2013:" + i);
            }
        }
        assertThat(seen).isEqualTo(expected);
    }

    private static RunPublisher publisher(ConnectionConfig connection, SimpleMeterRegistry meters) {
        return new RunPublisher(connection, new FetcherMetrics(meters), Clock.systemUTC());
    }

    private static RunPublisher.Settings settings(String runId, int commitEvery) {
        return new RunPublisher.Settings(runId, null, commitEvery, false, Duration.ofSeconds(5), platform.timeout());
    }

    private static ConnectionConfig connection(String prefix) {
        return new ConnectionConfig(platform.bootstrapServers(), platform.registryUrl(), prefix);
    }

    private static List<ConsumerRecord<String, FaceImage>> raw(ConnectionConfig connection) {
        return TopicContents.readCommitted(platform.bootstrapServers(), connection.topicNames().of(Topics.IMAGES_RAW),
                Topics.IMAGES_RAW.valueSerde(registry, connection.serdeConfig()).deserializer());
    }

    private static List<ConsumerRecord<String, DeadLetter>> dlq(ConnectionConfig connection) {
        return TopicContents.readCommitted(platform.bootstrapServers(), connection.topicNames().of(Topics.DLQ),
                Topics.DLQ.valueSerde(registry, connection.serdeConfig()).deserializer());
    }

    /** The run's latest manifest; read again for up to 10 s while none is visible (a commit's markers can trail its return). */
    private static RunManifest manifest(ConnectionConfig connection, String runId) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        RunManifest latest = null;
        while (latest == null && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, RunManifest> record : TopicContents.readCommitted(platform.bootstrapServers(),
                    connection.topicNames().of(Topics.RUNS), Topics.RUNS.valueSerde(registry, connection.serdeConfig()).deserializer())) {
                if (record.key().equals(runId)) {
                    latest = record.value();
                }
            }
        }
        return latest;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** A source that calls a hook with the number of entries handed out so far, before handing out the next. */
    private static final class Hooked implements ImageSource {
        private final ImageSource delegate;
        private final IntConsumer beforeNext;
        private int handedOut;

        Hooked(ImageSource delegate, IntConsumer beforeNext) {
            this.delegate = delegate;
            this.beforeNext = beforeNext;
        }

        @Override
        public String dataset() {
            return delegate.dataset();
        }

        @Override
        public String description() {
            return delegate.description();
        }

        @Override
        public OptionalLong expectedEntries() {
            return delegate.expectedEntries();
        }

        @Override
        public SourceEntry next() throws IOException {
            beforeNext.accept(handedOut);
            SourceEntry entry = delegate.next();
            if (entry != null) {
                handedOut++;
            }
            return entry;
        }

        @Override
        public long skip(long n) throws IOException {
            return delegate.skip(n);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
