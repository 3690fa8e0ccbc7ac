package io.ferstream.pipeline;

import io.ferstream.trainer.TrainingRun;
import io.ferstream.trainer.data.CleanedRun;
import io.ferstream.trainer.data.TrainingData;
import io.ferstream.trainer.network.Architecture;
import io.ferstream.trainer.training.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.ferstream.embedder.EmbedderService;
import io.ferstream.embedder.EmbedderTopology;
import io.ferstream.embedder.LabelRule;
import io.ferstream.events.LabelVerdict;
import io.ferstream.labels.LabelVerdictPublisher;
import io.ferstream.embedder.duplicates.DuplicateRule;
import io.ferstream.embedder.embedding.EmbedderFactory;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.enhancer.EnhancerStage;
import io.ferstream.faces.FaceStage;
import io.ferstream.fetcher.FetchJob;
import io.ferstream.fetcher.FetcherConfig;
import io.ferstream.fetcher.SourceResolver;
import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.datasets.DatasetSpec;
import io.ferstream.fetcher.kaggle.DatasetDownloader;
import io.ferstream.fetcher.kaggle.KaggleClient;
import io.ferstream.fetcher.kaggle.KaggleException;
import io.ferstream.fetcher.kaggle.MissingKaggleCredentialsException;
import io.ferstream.fetcher.publish.FetcherMetrics;
import io.ferstream.fetcher.publish.RunPublisher;
import io.ferstream.fetcher.source.ImageSource;
import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.pipeline.export.Fer2013CsvWriter;
import io.ferstream.pipeline.export.NpzWriter;
import io.ferstream.pipeline.report.ReportWriter;
import io.ferstream.pipeline.report.RunReport;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.http.ServiceHttpServer;
import io.ferstream.platform.metrics.ServiceMetrics;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.quality.QualityStage;
import io.ferstream.quality.QualityThresholds;
import io.ferstream.registry.SchemaRegistryServer;
import io.ferstream.vision.Clahe;
import io.ferstream.vision.FaceCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fer run}: the whole cleaning pipeline in one JVM on the embedded default. Starts a real
 * broker and the schema registry, every stage service (the same classes that run alone when scaled
 * out), publishes the dataset as one run, collects each image's final record from the cleaned and
 * rejected topics until every published image is accounted for, then writes the report and the
 * exports and shuts everything down (or keeps serving).
 */
public final class PipelineRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineRun.class);

    /** Everything a run needs; validated, errors name the flag. */
    public record Config(Path source, String dataset, Path dataDir, Path out, String runId, Long limit,
                         QualityThresholds quality, FaceStage.Detector detector, Path faceModel, FaceCheck faceCheck,
                         OutlierRule outliers, DuplicateRule duplicates, Path labelIssues, LabelRule labels, String embedding, Path embeddingModel, SplitPolicy policy, Duration completionTimeout,
                         boolean force, String metricsHost, int metricsPort, Duration timeout, int trainEpochs, Architecture trainArchitecture) {
        public Config {
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(quality, "quality");
            Objects.requireNonNull(detector, "detector");
            Objects.requireNonNull(faceCheck, "faceCheck");
            Objects.requireNonNull(outliers, "outliers");
            Objects.requireNonNull(duplicates, "duplicates");
            Objects.requireNonNull(labels, "labels");
            if (labelIssues != null && !Files.isRegularFile(labelIssues)) {
                throw new InvalidConfigException("label-issues", labelIssues, "no such file (fer label-issues writes label-issues.csv)");
            }
            if (labelIssues == null && labels.removeTop() > 0) {
                throw new InvalidConfigException("label-issues-remove-top", labels.removeTop(),
                        "needs --label-issues: there are no label verdicts to remove by");
            }
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(trainArchitecture, "trainArchitecture");
            Objects.requireNonNull(metricsHost, "metricsHost");
            if (source != null && !Files.exists(source)) {
                throw new InvalidConfigException("source", source, "no such file or folder");
            }
            if (trainEpochs < 0) {
                throw new InvalidConfigException("train-epochs", trainEpochs, "must be >= 0 (0 = do not train)");
            }
            if (source == null && dataset == null) {
                throw new IllegalArgumentException(NOTHING_TO_CLEAN);
            }
            if (Files.exists(out.resolve("report.json")) && !force) {
                throw new InvalidConfigException("out", out, "already holds a finished run (report.json); choose another "
                        + "folder or pass --force to overwrite it (a run cannot be resumed: the embedded broker's log is "
                        + "temporary)");
            }
        }
    }

    /** What a user without --source, --dataset or Kaggle credentials reads. */
    public static final String NOTHING_TO_CLEAN = "nothing to clean: pass --source PATH (the FER2013 CSV, plain, .gz "
            + "or .zip; its image folders; or a dataset folder), or --dataset KEY (see fer datasets --list). Without "
            + "--source, fer run downloads FER2013 from Kaggle when credentials are set: KAGGLE_USERNAME and KAGGLE_KEY, "
            + "or ~/.kaggle/kaggle.json (https://www.kaggle.com/settings > API > Create New Token, then chmod 600).";

    /** What the run produced; {@code training} is null unless the run trained a model. */
    public record Result(String runId, Map<String, Object> summary, Path out, Duration elapsed, TrainingRun.Outcome training) {
    }

    private final Config config;
    private final ServiceMetrics registry = ServiceMetrics.prometheus("run");
    private final List<AutoCloseable> started = new ArrayList<>();
    private volatile FetchJob fetchJob;

    public PipelineRun(Config config) {
        this.config = config;
        // Closed last: every stage's lag and client metrics are gone by then.
        track(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Runs the pipeline once; {@code progress} receives live counts until the run is complete. */
    public Result run(ProgressPrinter progress) throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        Files.createDirectories(config.out());
        Path source = resolveSource();
        checkReadable(source);
        List<LabelVerdict> labelVerdicts = config.labelIssues() == null ? List.of()
                : LabelVerdictPublisher.read(config.labelIssues());
        EmbeddedKafkaBroker broker = track(EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults()));
        TopicNames names = TopicNames.unprefixed();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            new TopicProvisioner(admin, names, config.timeout()).ensureAll();
        }
        SchemaRegistryServer schemaRegistry = track(SchemaRegistryServer.start(
                SchemaRegistryServer.Config.of(broker.bootstrapServers()).withPort(0)));
        ConnectionConfig connection = new ConnectionConfig(broker.bootstrapServers(), schemaRegistry.url(), "");
        if (!labelVerdicts.isEmpty()) {
            log.info("Published {} label verdicts from {} for the label check",
                    LabelVerdictPublisher.publish(connection, labelVerdicts), config.labelIssues());
        }
        if (config.metricsPort() >= 0) {
            ServiceHttpServer http = track(ServiceHttpServer.start(config.metricsHost(), config.metricsPort(), registry,
                    List.of()));
            log.info("Metrics of every stage on http://{}:{}/metrics", config.metricsHost(), http.port());
        }

        Path stateRoot = Files.createTempDirectory("fer-run-state-");
        // Two stream threads where a stage can have the cores to itself: the quality stage while the
        // fetcher is done, the enhancer after the embedder has decided a run.
        track(QualityStage.start(stageConfig(connection, QualityStage.NAME, stateRoot, 2), config.quality(), registry));
        track(FaceStage.start(stageConfig(connection, FaceStage.NAME, stateRoot, 2),
                FaceStage.detectors(config.detector(), config.faceModel()), config.faceCheck(), registry));
        EmbedderFactory.Provider embeddings = EmbedderFactory.provider(new EmbedderFactory.Options(config.embedding(),
                config.embeddingModel(), null, null, null, null, null, null, null, null));
        EmbedderTopology.Settings embedderSettings = new EmbedderTopology.Settings(config.outliers(), config.duplicates(), config.labels(), 50,
                config.completionTimeout(), config.policy(), embeddings.name());
        track(EmbedderService.start(new EmbedderService.Config(connection, "fer-embedder", 1, embedderSettings,
                "127.0.0.1", -1, stateRoot.resolve("embedder")), embeddings, registry));
        track(EnhancerStage.start(stageConfig(connection, EnhancerStage.NAME, stateRoot, 2), Clahe.SEED_CLIP_LIMIT,
                Clahe.SEED_TILES, registry));

        RunCollector collector = track(RunCollector.start(connection, registry));
        FetcherConfig fetcherConfig = new FetcherConfig(connection, source, config.dataset(), config.dataDir(),
                config.runId(), config.limit(), true, FetcherConfig.DEFAULT_COMMIT_EVERY, null, null, null,
                config.timeout());
        progress.start(registry);
        FetchJob job = new FetchJob(fetcherConfig, DatasetRegistry.standard(), System.getenv(),
                Path.of(System.getProperty("user.home")), new FetcherMetrics(registry), Clock.systemUTC());
        fetchJob = job;
        RunPublisher.Result published;
        try {
            published = job.run();
        } catch (KaggleException e) {
            progress.stop();
            throw new IllegalStateException(e.getMessage(), e);
        }

        if (published.outcome() != RunPublisher.Outcome.PUBLISHED) {
            progress.stop();
            throw new IllegalStateException("fetch did not complete: " + published.summary());
        }
        String runId = published.manifest().getRunId();
        long expected = published.manifest().getPublishedImages();
        RunReport report = collector.awaitRun(runId, expected,
                config.completionTimeout().plus(Duration.ofSeconds(30)).plus(Duration.ofMillis(expected * 20L)));
        progress.stop();

        Map<String, Object> runInfo = new LinkedHashMap<>();
        runInfo.put("run_id", runId);
        runInfo.put("source", published.manifest().getSource());
        runInfo.put("dataset", published.manifest().getDataset());
        runInfo.put("source_rejected", published.manifest().getDeadLettered());
        // what the fetcher did with the source: faces cropped (supplementary sets) and entries it rejected, by reason
        runInfo.put("source_rejected_by_reason", published.deadLettersByReason());
        runInfo.put("source_summary", published.manifest().getMessage() == null ? "" : published.manifest().getMessage());
        runInfo.put("seconds", (System.nanoTime() - startNanos) / 1e9);
        Map<String, Object> summary = ReportWriter.summary(report, runInfo);
        writeOutputs(report, summary, collector);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        TrainingRun.Outcome training = config.trainEpochs() > 0 ? train(connection, runId, progress.out()) : null;
        return new Result(runId, summary, config.out(), elapsed, training);
    }

    /**
     * Trains a CNN (the configured architecture, with its recipe) on the run's cleaned topic, exactly
     * as {@code fer train --run} does, into {@code <out>/model}. Not released: the embedded broker's
     * log ends with this process.
     */
    private TrainingRun.Outcome train(ConnectionConfig connection, String runId, PrintStream out) throws IOException {
        TrainingData data = CleanedRun.read(connection, runId, config.timeout(), out);
        TrainConfig trainConfig = TrainConfig.recipe(config.trainArchitecture(), config.out().resolve("model"))
                .withEpochs(config.trainEpochs());
        return TrainingRun.run(data, trainConfig, false, out);
    }

    private void writeOutputs(RunReport report, Map<String, Object> summary, RunCollector collector) throws IOException {
        Path out = config.out();
        ReportWriter.writeJson(out.resolve("report.json"), summary);
        ReportWriter.writeVerdictsCsv(out.resolve("verdicts.csv"), report);
        ReportWriter.writeHtml(out.resolve("report.html"), report, summary);
        List<RunCollector.CleanedImage> cleaned = collector.cleanedInIdOrder();
        List<NpzWriter.Item> items = new ArrayList<>(cleaned.size());
        try (Fer2013CsvWriter csv = new Fer2013CsvWriter(out.resolve("cleaned.csv"))) {
            for (RunCollector.CleanedImage image : cleaned) {
                if (image.label() < 0 || image.width() != 48 || image.height() != 48) {
                    continue;
                }
                items.add(new NpzWriter.Item(image.pixels(), image.label()));
                csv.write(image.label(), image.pixels(), image.split());
            }
        }
        NpzWriter.write(out.resolve("fer2013_cleaned.npz"), items, 48, 48);
        log.info("Wrote report.html, report.json, verdicts.csv, cleaned.csv and fer2013_cleaned.npz ({} images) to {}",
                items.size(), out);
    }

    /**
     * The data to publish: the given path, or the registered dataset under the data dir, downloaded
     * from Kaggle first when it is missing. Done before anything starts, so a missing dataset or
     * missing credentials cost no broker start-up.
     */
    private Path resolveSource() throws IOException {
        if (config.source() != null) {
            return config.source();
        }
        DatasetSpec spec = DatasetRegistry.standard().find(config.dataset())
                .orElseThrow(() -> new InvalidConfigException("dataset", config.dataset(), "unknown dataset; see fer datasets --list"));
        DatasetDownloader downloader = new DatasetDownloader(config.dataDir() == null ? Path.of("data") : config.dataDir(),
                URI.create("https://www.kaggle.com"), System.getenv(), Path.of(System.getProperty("user.home")),
                KaggleClient.Options.defaults(), Clock.systemUTC());
        try {
            return downloader.ensure(spec, false).folder();
        } catch (MissingKaggleCredentialsException e) {
            throw new IllegalArgumentException(e.getMessage() + " (for fer run: --source <unzipped folder>)", e);
        } catch (KaggleException e) {
            throw new IllegalStateException(e.getMessage() + " (for fer run: --source <unzipped folder>)", e);
        }
    }

    /**
     * Opens the source once, as the fetcher will, so a file that is unreadable or not a dataset is a
     * usage error before anything starts (and not a failed run half a minute later).
     */
    private void checkReadable(Path source) {
        DatasetSpec spec = config.dataset() == null ? null : DatasetRegistry.standard().find(config.dataset()).orElse(null);
        try (ImageSource opened = SourceResolver.open(source, spec)) {
            log.debug("Source {} opens as {}", source, opened.getClass().getSimpleName());
        } catch (IOException e) {
            throw new InvalidConfigException("source", source, "cannot be read as a dataset: " + e.getMessage());
        }
    }

    private ImageStageService.Config stageConfig(ConnectionConfig connection, String stage, Path stateRoot, int threads) {
        return new ImageStageService.Config(connection, "fer-" + stage, threads, config.policy(), "127.0.0.1", -1,
                stateRoot.resolve(stage));
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    /** Ctrl-C: stops the fetch (committing what was sent); {@link #close()} then stops the rest. */
    public void cancel() {
        FetchJob job = fetchJob;
        if (job != null) {
            job.cancel();
        }
    }

    /** Stops every service, the registry and the broker, newest first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Error while stopping {}", started.get(i), e);
            }
        }
        started.clear();
    }
}
