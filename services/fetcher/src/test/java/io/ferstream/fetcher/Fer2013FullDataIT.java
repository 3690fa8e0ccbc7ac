package io.ferstream.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.fixtures.SharedData;
import io.ferstream.fetcher.fixtures.TopicContents;
import io.ferstream.fetcher.publish.FetcherMetrics;
import io.ferstream.fetcher.publish.RunPublisher;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.SharedFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance check and the benchmark on the real FER2013 CSV: publishes all 35,887 rows into the
 * embedded broker through the production path ({@link FetchJob}), prints images/s, and reads every
 * event back; then a copy with 10 corrupted rows. Runs only with {@code -Dfer.fullData=true} and when
 * {@code shared/data/fer2013/fer2013.csv.gz} exists (skips visibly otherwise).
 */
class Fer2013FullDataIT {

    @TempDir
    Path dir;

    @Test
    void publishesAllOfFer2013ThenACopyWithTenCorruptedRows() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("fer.fullData"), "full-data check runs with -Dfer.fullData=true");
        Path csv = SharedFiles.require(Optional.of(SharedData.fer2013Csv()).filter(Files::exists), "FER2013 CSV");

        try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
            FetchBenchmark.provision(platform, "full.");
            ConnectionConfig connection = new ConnectionConfig(platform.bootstrapServers(), platform.registryUrl(), "full.");
            RunPublisher.Result result = fetch(connection, csv, "fer2013-full");
            System.out.println("BENCHMARK fer2013.csv.gz -> embedded broker (cold JVM): " + FetchBenchmark.describe(result));
            assertThat(result.outcome()).isEqualTo(RunPublisher.Outcome.PUBLISHED);
            assertThat(result.manifest().getPublishedImages()).isEqualTo(35_887);
            assertThat(result.manifest().getDeadLettered()).isZero();
            assertThat(result.manifest().getSplitCounts()).isEqualTo(Map.of("TRAIN", 28_709L, "VALIDATION", 3_589L,
                    "TEST", 3_589L));

            SchemaRegistryClient registry = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
            List<ConsumerRecord<String, FaceImage>> raw = TopicContents.readCommitted(platform.bootstrapServers(),
                    "full." + Topics.IMAGES_RAW.name(), Topics.IMAGES_RAW.valueSerde(registry, connection.serdeConfig()).deserializer());
            assertThat(raw).hasSize(35_887);
            BitSet rows = new BitSet();
            long[][] classes = new long[Split.values().length][7];
            for (ConsumerRecord<String, FaceImage> record : raw) {
                int row = Integer.parseInt(record.key().substring("fer2013:".length()));
                assertThat(rows.get(row)).as("duplicate " + record.key()).isFalse();
                rows.set(row);
                classes[record.value().getSplit().ordinal()][record.value().getLabel().ordinal()]++;
            }
            assertThat(rows.cardinality()).isEqualTo(35_887);
            assertThat(rows.nextClearBit(0)).isEqualTo(35_887);   // ids fer2013:0 ... fer2013:35886
            assertThat(classes[Split.TRAIN.ordinal()]).containsExactly(SharedData.TRAINING_CLASSES);
            long[] test = new long[7];
            for (int c = 0; c < 7; c++) {
                test[c] = classes[Split.VALIDATION.ordinal()][c] + classes[Split.TEST.ordinal()][c];
            }
            assertThat(test).containsExactly(SharedData.TEST_CLASSES_PUBLIC_PLUS_PRIVATE);
            assertThat(classes[Split.VALIDATION.ordinal()][0] + classes[Split.VALIDATION.ordinal()][1]
                    + classes[Split.VALIDATION.ordinal()][2] + classes[Split.VALIDATION.ordinal()][3]
                    + classes[Split.VALIDATION.ordinal()][4] + classes[Split.VALIDATION.ordinal()][5]
                    + classes[Split.VALIDATION.ordinal()][6]).isEqualTo(3_589);

            // A copy with 10 corrupted rows: 35,877 images and 10 dead letters.
            Path corrupted = corruptTenRows(csv, dir.resolve("fer2013-corrupted.csv"));
            FetchBenchmark.provision(platform, "corrupt.");
            ConnectionConfig second = new ConnectionConfig(platform.bootstrapServers(), platform.registryUrl(), "corrupt.");
            RunPublisher.Result again = fetch(second, corrupted, "fer2013-corrupted");
            System.out.println("BENCHMARK corrupted copy (warmer JVM): " + FetchBenchmark.describe(again));
            assertThat(again.manifest().getPublishedImages()).isEqualTo(35_877);
            assertThat(again.manifest().getDeadLettered()).isEqualTo(10);
            List<ConsumerRecord<String, DeadLetter>> dlq = TopicContents.readCommitted(platform.bootstrapServers(),
                    "corrupt." + Topics.DLQ.name(), Topics.DLQ.valueSerde(registry, second.serdeConfig()).deserializer());
            assertThat(dlq).hasSize(10).allSatisfy(r -> assertThat(r.value().getError()).isNotBlank());
            assertThat(TopicContents.readCommitted(platform.bootstrapServers(), "corrupt." + Topics.IMAGES_RAW.name(),
                    Topics.IMAGES_RAW.valueSerde(registry, second.serdeConfig()).deserializer())).hasSize(35_877);
        }
    }

    private static RunPublisher.Result fetch(ConnectionConfig connection, Path csv, String runId) throws Exception {
        FetcherConfig config = FetcherConfig.of(connection, csv, null, null, runId);
        return new FetchJob(config, DatasetRegistry.standard(), Map.of(), null,
                new FetcherMetrics(new SimpleMeterRegistry()), Clock.systemUTC()).run();
    }

    /** A plain-text copy where rows 10, 3,510, ..., 31,510 (10 rows) lose their last pixel value. */
    private static Path corruptTenRows(Path source, Path target) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(source)),
                StandardCharsets.US_ASCII));
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(target),
                     StandardCharsets.US_ASCII), 1 << 20)) {
            out.write(in.readLine());
            out.write('\n');
            int row = 0;
            for (String line = in.readLine(); line != null; line = in.readLine(), row++) {
                if (row % 3_500 == 10 && row < 35_000) {
                    int lastSpace = line.lastIndexOf(' ');
                    line = line.substring(0, lastSpace) + line.substring(line.lastIndexOf(','));
                }
                out.write(line);
                out.write('\n');
            }
        }
        return target;
    }
}
