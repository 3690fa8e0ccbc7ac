package io.ferstream.fetcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.kaggle.KaggleClient;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;

/**
 * The fetcher's configuration, validated on construction; errors name the flag.
 *
 * @param source        a FER CSV (plain/gz/zip), an image folder, or one image file; null with {@code dataset}
 * @param dataset       a key of {@link DatasetRegistry#standard()}; alone it means {@code <dataDir>/<key>}
 *                      (downloaded from Kaggle when missing); with {@code source} it only names the
 *                      dataset and its label map
 * @param dataDir       where datasets are downloaded ({@code <dataDir>/<key>/})
 * @param runId         the run's id; generated ({@code fetch-<yyyyMMdd-HHmmss>-<hex>}) when null.
 *                      Re-running with the same id resumes an interrupted run and is a no-op for a
 *                      published one (see {@code RunPublisher})
 * @param limit         publish at most this many source entries (rows or files); null = all
 * @param force         re-download a complete dataset and republish a published run
 * @param commitEvery   source entries per Kafka transaction
 * @param progressEvery how often a progress line is logged
 * @param kaggleBaseUrl Kaggle's API origin
 * @param metricsPort   serve /metrics and /health on this port; null = not served
 * @param timeout       how long to wait for the cluster and the registry
 */
public record FetcherConfig(ConnectionConfig connection, Path source, String dataset, Path dataDir, String runId,
                            Long limit, boolean force, int commitEvery, Duration progressEvery, URI kaggleBaseUrl,
                            Integer metricsPort, Duration timeout) {

    public static final int DEFAULT_COMMIT_EVERY = 5_000;
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public FetcherConfig {
        if (connection == null) {
            throw new InvalidConfigException("bootstrap-servers", null, "connection settings are required");
        }
        if (source == null && (dataset == null || dataset.isBlank())) {
            throw new InvalidConfigException("source", null,
                    "give --source PATH (a FER CSV, an image folder or an image) or --dataset KEY (see fer datasets --list)");
        }
        if (source != null && !Files.exists(source)) {
            throw new InvalidConfigException("source", source, "no such file or folder");
        }
        if (dataset != null && DatasetRegistry.standard().find(dataset).isEmpty()) {
            throw new InvalidConfigException("dataset", dataset, "unknown dataset; known: "
                    + DatasetRegistry.standard().all().stream().map(s -> s.key()).toList());
        }
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new InvalidConfigException("data-dir", dataDir, "is a file, not a folder");
        }
        if (runId == null || runId.isBlank()) {
            runId = generateRunId();
        } else if (!RUN_ID.matcher(runId).matches()) {
            throw new InvalidConfigException("run-id", runId, "use 1-200 letters, digits, '.', '_' or '-'");
        }
        if (limit != null && limit < 1) {
            throw new InvalidConfigException("limit", limit, "must be at least 1");
        }
        if (commitEvery < 1 || commitEvery > 1_000_000) {
            throw new InvalidConfigException("commit-every", commitEvery, "must be in 1..1000000");
        }
        progressEvery = progressEvery == null ? Duration.ofSeconds(5) : progressEvery;
        if (progressEvery.isNegative() || progressEvery.isZero()) {
            throw new InvalidConfigException("progress-every", progressEvery, "must be positive");
        }
        kaggleBaseUrl = kaggleBaseUrl == null ? KaggleClient.DEFAULT_BASE_URL : kaggleBaseUrl;
        if (!("https".equals(kaggleBaseUrl.getScheme()) || "http".equals(kaggleBaseUrl.getScheme()))
                || kaggleBaseUrl.getHost() == null) {
            throw new InvalidConfigException("kaggle-url", kaggleBaseUrl, "must be http(s)://host[:port]");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
            throw new InvalidConfigException("metrics-port", metricsPort, "must be in 0..65535 (0 = any free port)");
        }
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigException("timeout", timeout, "must be positive");
        }
    }

    /** The usual settings for one source or dataset: 5,000 entries per transaction, progress every 5 s. */
    public static FetcherConfig of(ConnectionConfig connection, Path source, String dataset, Path dataDir, String runId) {
        return new FetcherConfig(connection, source, dataset, dataDir, runId, null, false, DEFAULT_COMMIT_EVERY,
                null, null, null, null);
    }

    static String generateRunId() {
        return "fetch-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
    }
}
