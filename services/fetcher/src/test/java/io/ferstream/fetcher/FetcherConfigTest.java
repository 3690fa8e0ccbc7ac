package io.ferstream.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FetcherConfigTest {

    private static final ConnectionConfig CONNECTION = new ConnectionConfig("localhost:9092", "http://localhost:8081", "");

    @TempDir
    Path dir;

    @Test
    void defaultsAndAGeneratedRunId() throws Exception {
        Path csv = Files.writeString(dir.resolve("x.csv"), "emotion,pixels,Usage\n");
        FetcherConfig config = FetcherConfig.of(CONNECTION, csv, null, null, null);
        assertThat(config.runId()).matches("fetch-\\d{8}-\\d{6}-[0-9a-f]{4}");
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.commitEvery()).isEqualTo(5_000);
        assertThat(config.progressEvery()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.kaggleBaseUrl()).isEqualTo(URI.create("https://www.kaggle.com"));
        assertThat(config.metricsPort()).isNull();
        assertThat(FetcherConfig.of(CONNECTION, csv, null, null, null).runId()).isNotEqualTo(config.runId());
    }

    @Test
    void errorsNameTheFlag() throws Exception {
        Path csv = Files.writeString(dir.resolve("x.csv"), "emotion,pixels,Usage\n");
        assertFlag(() -> FetcherConfig.of(CONNECTION, null, null, null, "r"), "source");
        assertFlag(() -> FetcherConfig.of(CONNECTION, dir.resolve("missing.csv"), null, null, "r"), "source");
        assertFlag(() -> FetcherConfig.of(CONNECTION, null, "imagenet", null, "r"), "dataset");
        assertFlag(() -> FetcherConfig.of(CONNECTION, csv, null, csv, "r"), "data-dir");
        assertFlag(() -> FetcherConfig.of(CONNECTION, csv, null, null, "has space"), "run-id");
        assertFlag(() -> new FetcherConfig(CONNECTION, csv, null, null, "r", 0L, false, 10, null, null, null, null), "limit");
        assertFlag(() -> new FetcherConfig(CONNECTION, csv, null, null, "r", null, false, 0, null, null, null, null),
                "commit-every");
        assertFlag(() -> new FetcherConfig(CONNECTION, csv, null, null, "r", null, false, 10, null,
                URI.create("ftp://x"), null, null), "kaggle-url");
        assertFlag(() -> new FetcherConfig(CONNECTION, csv, null, null, "r", null, false, 10, null, null, 70_000, null),
                "metrics-port");
    }

    @Test
    void theCommandBuildsTheConfigFromFlags() throws Exception {
        Path csv = Files.writeString(dir.resolve("y.csv"), "emotion,pixels,Usage\n");
        FetchCommand command = new FetchCommand();
        new CommandLine(command).parseArgs("--source", csv.toString(), "--run-id", "my-run", "--limit", "100",
                "--force", "--commit-every", "250", "--data-dir", dir.toString(), "--bootstrap-servers", "k:1",
                "--schema-registry-url", "http://r:2", "--topic-prefix", "t.", "--dataset", "ck_plus");
        FetcherConfig config = command.toConfig();
        assertThat(config.source()).isEqualTo(csv);
        assertThat(config.dataset()).isEqualTo("ck_plus");
        assertThat(config.runId()).isEqualTo("my-run");
        assertThat(config.limit()).isEqualTo(100L);
        assertThat(config.force()).isTrue();
        assertThat(config.commitEvery()).isEqualTo(250);
        assertThat(config.dataDir()).isEqualTo(dir);
        assertThat(config.connection()).isEqualTo(new ConnectionConfig("k:1", "http://r:2", "t."));

        FetchCommand none = new FetchCommand();
        new CommandLine(none).parseArgs();
        assertThatThrownBy(none::toConfig).isInstanceOf(InvalidConfigException.class).hasMessageContaining("--dataset KEY");
        assertThat(new CommandLine(new FetchCommand()).getUsageMessage()).contains("--source", "--dataset", "--run-id",
                "Default: 5000", "Default: data");
    }

    private static void assertFlag(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String flag) {
        assertThatThrownBy(call).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).key()).isEqualTo(flag));
    }
}
