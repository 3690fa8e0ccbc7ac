package io.ferstream.fetcher;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.fixtures.SharedData;
import io.ferstream.fetcher.publish.FetcherMetrics;
import io.ferstream.fetcher.publish.RunPublisher;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;

/**
 * Publishes a FER CSV into a fresh embedded broker + registry several times (topics created up
 * front, as {@code fer platform} does; one run id per run) and prints images/s per run: the first
 * run is a cold JVM, later ones are warm.
 * Arguments: {@code [csv] [runs] [commit-every]}; defaults: the shared FER2013 CSV, 3, 5000.
 * Run from the failsafe classpath, e.g. {@code Fer2013FullDataIT} calls {@link #run}.
 */
public final class FetchBenchmark {

    private FetchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = args.length > 0 ? Path.of(args[0]) : SharedData.fer2013Csv();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int commitEvery = args.length > 2 ? Integer.parseInt(args[2]) : FetcherConfig.DEFAULT_COMMIT_EVERY;
        try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
            provision(platform, "bench.");
            for (int i = 1; i <= runs; i++) {
                RunPublisher.Result result = run(platform, csv, "bench.", "bench-" + i, commitEvery);
                System.out.println("BENCHMARK run " + i + " (" + (i == 1 ? "cold" : "warm") + " JVM): " + describe(result));
            }
        }
    }

    /** images/s over the whole call, and over the publishing phase alone. */
    public static String describe(RunPublisher.Result result) {
        double total = result.elapsed().toNanos() / 1e9;
        double publishing = result.publishing().toNanos() / 1e9;
        return String.format("%,d images in %.2f s = %,.0f images/s (publishing phase %.2f s = %,.0f images/s; "
                        + "setup %.2f s)", result.imagesThisAttempt(), total, result.imagesThisAttempt() / total,
                publishing, result.imagesThisAttempt() / publishing, total - publishing);
    }

    /** Creates the pipeline's topics under {@code prefix} up front, as {@code fer platform} does at start. */
    public static void provision(EmbeddedPlatform platform, String prefix) {
        try (Admin admin = platform.admin()) {
            new TopicProvisioner(admin, new TopicNames(prefix), platform.timeout()).ensureAll();
        }
    }

    /** One fetch of {@code csv} through the production path into the platform, under {@code prefix}. */
    public static RunPublisher.Result run(EmbeddedPlatform platform, Path csv, String prefix, String runId,
                                          int commitEvery) throws Exception {
        ConnectionConfig connection = new ConnectionConfig(platform.bootstrapServers(), platform.registryUrl(), prefix);
        FetcherConfig config = new FetcherConfig(connection, csv, null, null, runId, null, false, commitEvery,
                null, null, null, null);
        return new FetchJob(config, DatasetRegistry.standard(), Map.of(), null,
                new FetcherMetrics(new SimpleMeterRegistry()), Clock.systemUTC()).run();
    }
}
