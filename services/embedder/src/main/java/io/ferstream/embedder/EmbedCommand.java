package io.ferstream.embedder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

import io.ferstream.embedder.embedding.HogEmbedder;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.events.Split;
import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.platform.stage.SplitPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer embed}: the embedder (fer.images.faces → fer.images.typical | rejected, fer.class-stats). */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed faces and remove per-class outliers (exact on finite runs, online on LIVE images).")
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--application-id", defaultValue = "fer-embedder", description = "Kafka Streams application id. Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--embedding", defaultValue = "hog", description = "Embedding provider: hog. Default: ${DEFAULT-VALUE}.")
    String embedding;

    @Option(names = "--outlier-k", defaultValue = "2.5", description = "Keep d < mean + k·std. Default: ${DEFAULT-VALUE}.")
    double k;

    @Option(names = "--min-group-size", defaultValue = "10", description = "Smaller classes keep every image. Default: ${DEFAULT-VALUE}.")
    int minGroupSize;

    @Option(names = "--live-warmup", defaultValue = "50", description = "LIVE images per class before any is judged. Default: ${DEFAULT-VALUE}.")
    int liveWarmup;

    @Option(names = "--completion-timeout", defaultValue = "PT60S",
            description = "Decide a published run anyway after this long without news (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration completionTimeout;

    @Option(names = "--enforce-splits", split = ",", defaultValue = "TRAIN",
            description = "Splits whose outliers are removed; others are flagged. Default: ${DEFAULT-VALUE}.")
    List<Split> enforcedSplits;

    @Option(names = "--state-dir", description = "Where the state stores live. Default: <tmp>/fer-streams/<application-id>.")
    Path stateDir;

    @Option(names = "--metrics-port", defaultValue = "0", description = "Port of /metrics and /health (-1 = off). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    EmbedderService.Config config() {
        if (!"hog".equals(embedding)) {
            throw new InvalidConfigException("embedding", embedding, "known providers: hog");
        }
        SplitPolicy policy = new SplitPolicy(enforcedSplits.isEmpty() ? EnumSet.noneOf(Split.class) : EnumSet.copyOf(enforcedSplits));
        EmbedderTopology.Settings settings = new EmbedderTopology.Settings(new OutlierRule(k, minGroupSize), liveWarmup,
                completionTimeout, policy, embedding);
        Path dir = stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"), "fer-streams", applicationId);
        return new EmbedderService.Config(connection.toConfig(), applicationId, threads, settings, "127.0.0.1", metricsPort, dir);
    }

    @Override
    public Integer call() throws Exception {
        EmbedderService.Config config = config();
        ShutdownLatch latch = new ShutdownLatch("embedder");
        EmbedderService service = latch.register(EmbedderService.start(config, HogEmbedder::new,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        System.out.println("embedder running (application id " + config.applicationId() + ", state in " + config.stateDir()
                + ", metrics on port " + service.httpPort() + "). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
