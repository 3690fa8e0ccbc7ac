package io.ferstream.fetcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.datasets.DatasetSpec;
import io.ferstream.fetcher.kaggle.DatasetDownloader;
import io.ferstream.fetcher.kaggle.KaggleClient;
import io.ferstream.fetcher.kaggle.KaggleException;
import io.ferstream.fetcher.publish.FetcherMetrics;
import io.ferstream.fetcher.publish.RunPublisher;
import io.ferstream.fetcher.source.ImageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch, built from a {@link FetcherConfig}: find the data (the given path, or the registered
 * dataset under the data dir, downloading it from Kaggle when it is missing), open the matching
 * reader, and publish it as one run with {@link RunPublisher}. Apart from the command so tests and
 * {@code fer run} drive the same code.
 */
public final class FetchJob {

    private static final Logger log = LoggerFactory.getLogger(FetchJob.class);

    private final FetcherConfig config;
    private final DatasetRegistry registry;
    private final Map<String, String> environment;
    private final Path home;
    private final FetcherMetrics metrics;
    private final Clock clock;
    private final Map<String, Object> producerOverrides;
    private volatile RunPublisher publisher;
    private volatile boolean cancelled;

    /**
     * @param environment where Kaggle credentials are looked up (System.getenv() in production)
     * @param home        the home folder holding .kaggle/kaggle.json
     */
    public FetchJob(FetcherConfig config, DatasetRegistry registry, Map<String, String> environment, Path home,
                    FetcherMetrics metrics, Clock clock) {
        this(config, registry, environment, home, metrics, clock, Map.of());
    }

    public FetchJob(FetcherConfig config, DatasetRegistry registry, Map<String, String> environment, Path home,
                    FetcherMetrics metrics, Clock clock, Map<String, Object> producerOverrides) {
        this.config = config;
        this.registry = registry;
        this.environment = Map.copyOf(environment);
        this.home = home;
        this.metrics = metrics;
        this.clock = clock;
        this.producerOverrides = Map.copyOf(producerOverrides);
    }

    /**
     * Runs the fetch.
     *
     * @throws KaggleException when the dataset is missing and cannot be downloaded (the message says
     *                         what to do, including the manual route)
     * @throws IOException     when the source cannot be opened
     */
    public RunPublisher.Result run() throws KaggleException, IOException {
        DatasetSpec spec = config.dataset() == null ? null : registry.find(config.dataset())
                .orElseThrow(() -> new IllegalArgumentException("unknown dataset " + config.dataset()));
        Path path = config.source();
        if (path == null) {
            DatasetDownloader downloader = new DatasetDownloader(config.dataDir(), config.kaggleBaseUrl(), environment,
                    home, KaggleClient.Options.defaults(), clock);
            DatasetDownloader.Result ready = downloader.ensure(spec, config.force());
            path = ready.folder();
            if (!ready.downloaded()) {
                log.info("Using {} at {} ({})", spec.key(), path, ready.statusBefore().description());
            }
        }
        RunPublisher.Settings settings = new RunPublisher.Settings(config.runId(), config.limit(), config.commitEvery(),
                config.force(), config.progressEvery(), config.timeout());
        try (ImageSource source = SourceResolver.open(path, spec)) {
            RunPublisher runPublisher = new RunPublisher(config.connection(), metrics, clock, producerOverrides);
            publisher = runPublisher;
            if (cancelled) {
                runPublisher.cancel();
            }
            return runPublisher.publish(source, settings);
        }
    }

    /** Stops a running fetch cleanly: what was sent is committed and the manifest says CANCELLED. */
    public void cancel() {
        cancelled = true;
        RunPublisher current = publisher;
        if (current != null) {
            current.cancel();
        }
    }
}
