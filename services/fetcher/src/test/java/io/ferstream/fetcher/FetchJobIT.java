package io.ferstream.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.RunStatus;
import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.fixtures.FerFixtures;
import io.ferstream.fetcher.fixtures.TopicContents;
import io.ferstream.fetcher.kaggle.KaggleException;
import io.ferstream.fetcher.publish.FetcherMetrics;
import io.ferstream.fetcher.publish.RunPublisher;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link FetchJob} and {@link FetchCommand} end to end: image folders, a Kaggle download, the command line. */
class FetchJobIT {

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

    @Test
    void anMsambareFolderPublishesItsImagesAndDeadLettersItsBadFiles() throws Exception {
        Path root = FerFixtures.writeMsambare(dir.resolve("fer2013"), 40);
        Files.createDirectories(root.resolve("train/contempt"));
        Files.write(root.resolve("train/contempt/Training_9.png"), FerFixtures.grayPng(FerFixtures.pixels(9), 48, 48));
        Files.createDirectories(root.resolve("train/confused"));
        Files.write(root.resolve("train/confused/Training_8.png"), FerFixtures.grayPng(FerFixtures.pixels(8), 48, 48));
        Files.write(root.resolve("train/happy/Training_empty.jpg"), new byte[0]);

        ConnectionConfig connection = connection("folder.");
        RunPublisher.Result result = job(FetcherConfig.of(connection, root, null, dir.resolve("data"), "folder-run"),
                Map.of()).run();

        assertThat(result.outcome()).isEqualTo(RunPublisher.Outcome.PUBLISHED);
        assertThat(result.manifest().getExpectedImages()).isEqualTo(43L);
        assertThat(result.manifest().getPublishedImages()).isEqualTo(40);
        assertThat(result.manifest().getDeadLettered()).isEqualTo(3);
        List<ConsumerRecord<String, FaceImage>> raw = raw(connection);
        assertThat(raw).hasSize(40);
        for (ConsumerRecord<String, FaceImage> record : raw) {
            String name = record.key().substring(record.key().lastIndexOf('/') + 1);
            int row = Integer.parseInt(name.substring(name.indexOf('_') + 1, name.indexOf('.'))) - 1000;
            assertThat(record.value().getLabel()).isEqualTo(Emotion.values()[FerFixtures.label(row)]);
            assertThat(record.value().getDataset()).isEqualTo("fer2013");
        }
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, DeadLetter> r : TopicContents.readCommitted(platform.bootstrapServers(),
                connection.topicNames().of(Topics.DLQ), Topics.DLQ.valueSerde(registry, connection.serdeConfig()).deserializer())) {
            reasons.put(r.value().getSource(), r.value().getError().substring(0, r.value().getError().indexOf(':')));
        }
        assertThat(reasons).isEqualTo(Map.of(
                "fer2013/train/contempt/Training_9.png", "skipped-class",
                "fer2013/train/confused/Training_8.png", "unknown-class",
                "fer2013/train/happy/Training_empty.jpg", "empty-file"));
    }

    @Test
    void aRegisteredDatasetIsDownloadedFromKaggleOnceAndPublished() throws Exception {
        Path staging = FerFixtures.writeMsambare(dir.resolve("staging"), 21);
        Map<String, byte[]> entries = new HashMap<>();
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                entries.put(staging.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        byte[] archive = FerFixtures.zip(entries);
        AtomicInteger downloads = new AtomicInteger();
        HttpServer kaggle = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kaggle.createContext("/api/v1/datasets/download/msambare/fer2013", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(archive);
            }
        });
        kaggle.start();
        try {
            ConnectionConfig connection = connection("kaggle.");
            FetcherConfig config = new FetcherConfig(connection, null, "fer2013", dir.resolve("data"), "kaggle-run", null,
                    false, 5_000, null, URI.create("http://127.0.0.1:" + kaggle.getAddress().getPort()), null, null);
            Map<String, String> credentials = Map.of("KAGGLE_USERNAME", "u", "KAGGLE_KEY", "k");

            RunPublisher.Result first = job(config, credentials).run();
            assertThat(first.outcome()).isEqualTo(RunPublisher.Outcome.PUBLISHED);
            assertThat(first.manifest().getPublishedImages()).isEqualTo(21);
            assertThat(first.manifest().getSplitCounts()).isEqualTo(Map.of("TRAIN", 17L, "VALIDATION", 2L, "TEST", 2L));
            assertThat(dir.resolve("data/fer2013/.fer-complete")).exists();

            RunPublisher.Result second = job(config, credentials).run();
            assertThat(second.outcome()).isEqualTo(RunPublisher.Outcome.ALREADY_PUBLISHED);
            assertThat(second.manifest().getStatus()).isEqualTo(RunStatus.PUBLISHED);
            assertThat(downloads).hasValue(1);
            assertThat(raw(connection)).hasSize(21);

            FetcherConfig noData = new FetcherConfig(connection, null, "jaffe", dir.resolve("data"), "jaffe-run", null,
                    false, 5_000, null, URI.create("http://127.0.0.1:" + kaggle.getAddress().getPort()), null, null);
            assertThatThrownBy(() -> job(noData, Map.of()).run()).isInstanceOf(KaggleException.class)
                    .hasMessageContaining("No Kaggle credentials").hasMessageContaining("fer fetch --source");
        } finally {
            kaggle.stop(0);
        }
    }

    @Test
    void theFetchCommandRunsAgainstTheBroker() throws Exception {
        Path csv = FerFixtures.writeGzip(dir.resolve("fer2013.csv.gz"), FerFixtures.csv(30, Map.of(4, "bad-label/7")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new FetchCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute("--source", csv.toString(), "--run-id", "cli-run", "--bootstrap-servers",
                platform.bootstrapServers(), "--schema-registry-url", platform.registryUrl(), "--topic-prefix", "cli.",
                "--metrics-port", "0", "--metrics-host", "127.0.0.1", "--limit", "20");
        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("run cli-run PUBLISHED: 19 images", "1 dead letters", "{bad-label=1}");
        assertThat(raw(connection("cli."))).hasSize(19);
    }

    private static FetchJob job(FetcherConfig config, Map<String, String> environment) {
        return new FetchJob(config, DatasetRegistry.standard(), environment, null,
                new FetcherMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
    }

    private static ConnectionConfig connection(String prefix) {
        return new ConnectionConfig(platform.bootstrapServers(), platform.registryUrl(), prefix);
    }

    private static List<ConsumerRecord<String, FaceImage>> raw(ConnectionConfig connection) {
        return TopicContents.readCommitted(platform.bootstrapServers(), connection.topicNames().of(Topics.IMAGES_RAW),
                Topics.IMAGES_RAW.valueSerde(registry, connection.serdeConfig()).deserializer());
    }
}
