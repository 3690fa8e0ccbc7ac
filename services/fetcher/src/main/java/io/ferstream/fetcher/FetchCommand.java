package io.ferstream.fetcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.kaggle.KaggleException;
import io.ferstream.fetcher.kaggle.MissingKaggleCredentialsException;
import io.ferstream.fetcher.publish.FetcherMetrics;
import io.ferstream.fetcher.publish.RunPublisher;
import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.http.ServiceHttpServer;
import io.ferstream.platform.metrics.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fer fetch}: publishes a dataset into {@code fer.images.raw} as one run. Exit codes: 0
 * published (or already published), 1 failed, 130 cancelled (Ctrl-C; re-run with the same
 * {@code --run-id} to resume), 2 bad usage.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Publish a dataset into fer.images.raw as one run (manifest in fer.runs, bad entries in fer.dlq).",
                "Re-running with the same --run-id resumes an interrupted run and does nothing for a published one."})
public final class FetchCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--source", paramLabel = "PATH",
            description = "A FER2013-format CSV (plain, .gz or .zip), a folder of images in <class>/ folders "
                    + "(e.g. Kaggle's msambare train|test/<class>/*.jpg), or one image file.")
    Path source;

    @Option(names = "--dataset", paramLabel = "KEY",
            description = "A registered dataset (see 'fer datasets --list'): read from <data-dir>/<KEY>, downloaded "
                    + "from Kaggle when missing. With --source it only names the dataset and its label map.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where datasets are downloaded, one folder per key. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "Id of the run (letters, digits, '.', '_', '-'). Default: generated, fetch-<date-time>-<hex>.")
    String runId;

    @Option(names = "--limit", paramLabel = "N", description = "Publish only the first N source entries (rows or files).")
    Long limit;

    @Option(names = "--force", description = "Download the dataset again even if complete, and republish a run "
            + "that is already PUBLISHED.")
    boolean force;

    @Option(names = "--commit-every", paramLabel = "N", defaultValue = "" + FetcherConfig.DEFAULT_COMMIT_EVERY,
            description = "Source entries per Kafka transaction. Default: ${DEFAULT-VALUE}.")
    int commitEvery;

    @Option(names = "--kaggle-url", paramLabel = "URL", defaultValue = "https://www.kaggle.com",
            description = "Kaggle API origin. Default: ${DEFAULT-VALUE}.")
    URI kaggleUrl;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics and /health on this port while the run lasts (0 = any free port). "
                    + "Default: not served.")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address for --metrics-port. Default: ${DEFAULT-VALUE}.")
    String metricsHost;

    @Spec
    CommandSpec spec;

    /** The validated configuration of the given flags. */
    public FetcherConfig toConfig() {
        return new FetcherConfig(connection.toConfig(), source, dataset, dataDir, runId, limit, force, commitEvery,
                Duration.ofSeconds(5), kaggleUrl, metricsPort, Duration.ofSeconds(60));
    }

    @Override
    public Integer call() throws Exception {
        FetcherConfig config = toConfig();
        ServiceMetrics meters = ServiceMetrics.prometheus("fetcher");
        ServiceHttpServer http = config.metricsPort() == null ? null
                : ServiceHttpServer.start(metricsHost, config.metricsPort(), meters, List.of());
        FetchJob job = new FetchJob(config, DatasetRegistry.standard(), System.getenv(),
                Path.of(System.getProperty("user.home")), new FetcherMetrics(meters), Clock.systemUTC());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            job.cancel();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fer-fetch-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().println("fer fetch: run " + config.runId()
                + (http == null ? "" : " (metrics on port " + http.port() + ")"));
        try {
            RunPublisher.Result result = job.run();
            spec.commandLine().getOut().println(result.summary());
            return switch (result.outcome()) {
                case PUBLISHED, ALREADY_PUBLISHED -> 0;
                case CANCELLED -> 130;
                case FAILED, FENCED -> 1;
            };
        } catch (KaggleException | IOException e) {
            spec.commandLine().getErr().println("fer fetch: " + e.getMessage());
            return e instanceof MissingKaggleCredentialsException ? 2 : 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it returns now that the run finished.
            }
            if (http != null) {
                http.close();
            }
            meters.close();
        }
    }
}
