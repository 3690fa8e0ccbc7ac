package io.ferstream.pipeline;

import io.ferstream.trainer.TrainCommand;
import io.ferstream.trainer.network.Architecture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.ferstream.classifier.DefaultModel;
import io.ferstream.classifier.ModelCardOption;
import io.ferstream.classifier.ModelSource;
import io.ferstream.embedder.DecideOptions;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.events.Split;
import io.ferstream.faces.FaceStage;
import io.ferstream.fetcher.kaggle.KaggleCredentials;
import io.ferstream.fetcher.kaggle.KaggleException;
import io.ferstream.gateway.GatewayOptions;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.quality.QualityThresholds;
import io.ferstream.vision.FaceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer run}: the main job, the whole pipeline on the embedded default. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Clean a dataset end to end on the embedded default: broker, registry and every stage in this JVM.",
                "Writes report.html, report.json, verdicts.csv, cleaned.csv and fer2013_cleaned.npz to --out."})
public final class RunCommand implements Callable<Integer> {

    /** What {@code fer run} cleans when given no --source and Kaggle credentials are set. */
    static final String DEFAULT_DATASET = "fer2013";

    @Option(names = "--source", paramLabel = "PATH", description = "FER2013 CSV[.gz], an msambare image folder, or a dataset folder.")
    Path source;

    @Option(names = "--dataset", paramLabel = "KEY", description = "A registered dataset (fer datasets --list); downloaded from Kaggle when credentials exist. "
            + "Default without --source: fer2013 when Kaggle credentials are set.")
    String dataset;

    @Option(names = "--data-dir", defaultValue = "data", description = "Where datasets are downloaded. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--out", defaultValue = "fer-out", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--force", description = "Overwrite the outputs of an earlier run in --out.")
    boolean force;

    @Option(names = "--run-id", description = "Run id. Default: generated.")
    String runId;

    @Option(names = "--limit", description = "Only the first N images of the source.")
    Long limit;

    @Option(names = "--preset", defaultValue = "seed", description = "Threshold preset: seed (the original project's numbers). Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--detector", defaultValue = "yunet",
            description = "Face detector: yunet (shipped with fer; one face in about 98 %% of FER2013) or haar (about 71 %%); none turns the check off. "
                    + "Without a usable detector the face check is skipped and reported. Default: ${DEFAULT-VALUE}.")
    String detector;

    @Option(names = "--face-model", paramLabel = "ONNX", description = "Another YuNet model instead of the shipped face_detection_yunet_2023mar.onnx.")
    Path faceModel;

    @Option(names = "--embedding", paramLabel = "hog|onnx|model",
            description = "Embedding for the outlier step: hog (no model), onnx (--embedding-model with MobileFaceNet's "
                    + "settings: 112x112 RGB, (x-127.5)/128) or model (fer train's model.onnx: its expression embedding, "
                    + "fed as the card.json beside it says). Default: onnx with --embedding-model, else hog.")
    String embedding;

    @Option(names = "--embedding-model", paramLabel = "ONNX", description = "The model of the onnx or model embedding.")
    Path embeddingModel;

    @Mixin
    DecideOptions decide;

    @Option(names = "--label-issues", paramLabel = "CSV",
            description = "The label-issues.csv of fer label-issues on this dataset: the label check flags every likely wrong "
                    + "label (and removes the top-ranked with --label-issues-remove-top). Without it the check is skipped and "
                    + "reported as such.")
    Path labelIssues;

    @Option(names = "--enforce-splits", split = ",", defaultValue = "TRAIN",
            description = "Splits whose failing images are removed; others are flagged and kept. Default: ${DEFAULT-VALUE}.")
    List<Split> enforcedSplits;

    @Option(names = "--completion-timeout", defaultValue = "PT60S",
            description = "How long the embedder waits for a stalled run before deciding it. Default: ${DEFAULT-VALUE}.")
    Duration completionTimeout;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
            description = "Address of /metrics (0.0.0.0: reachable from a container's Prometheus). Default: ${DEFAULT-VALUE}.")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "-1", description = "Serve every stage's /metrics here (-1 = off). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--train-epochs", defaultValue = "0", paramLabel = "N",
            description = "After cleaning, train a CNN for up to N epochs on the run's cleaned images (as fer train --run "
                    + "does) into <out>/model: model.onnx and card.json with TEST accuracy. On all of FER2013 on 2 cores an "
                    + "epoch takes about 8 min (seed) or 4.5 min (resnet). 0 = do not train. Default: ${DEFAULT-VALUE}.")
    int trainEpochs;

    @Option(names = "--train-architecture", paramLabel = "NAME", defaultValue = "seed",
            converter = TrainCommand.ArchitectureConverter.class,
            description = "What --train-epochs trains, with the recipe measured for it (as fer train --architecture): seed or "
                    + "resnet. Default: ${DEFAULT-VALUE}.")
    Architecture trainArchitecture;

    @Option(names = "--serve",
            description = "After the run, keep serving it: the live classifier and the gateway (fer serve), the page linking this "
                    + "run's report (--out). Serves --model-card, else the model --train-epochs trained, else the classifier that "
                    + "ships with fer. Ctrl-C stops it.")
    boolean serve;

    @Mixin
    ModelCardOption modelCard;

    @Mixin
    GatewayOptions gateway;

    PipelineRun.Config config() {
        if (modelCard != null && modelCard.card() != null && !serve) {
            throw new InvalidConfigException("model-card", modelCard.card(), "names the model --serve serves; it has no use without --serve");
        }
        if (!"seed".equals(preset)) {
            throw new InvalidConfigException("preset", preset, "known presets: seed");
        }
        FaceStage.Detector choice;
        try {
            choice = FaceStage.Detector.valueOf(detector.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("detector", detector, "known detectors: yunet, haar, none");
        }
        SplitPolicy policy = new SplitPolicy(Set.copyOf(enforcedSplits));
        return new PipelineRun.Config(source, datasetOrKaggleDefault(System.getenv(), Path.of(System.getProperty("user.home"))), dataDir, out, runId, limit, QualityThresholds.SEED, choice, faceModel,
                FaceCheck.SEED, OutlierRule.SEED, decide.duplicateRule(), labelIssues,
                decide.labelRule(), embedding, embeddingModel, policy, completionTimeout, force, metricsHost, metricsPort,
                Duration.ofSeconds(60), trainEpochs, trainArchitecture);
    }

    /**
     * The dataset to run: the one named, or FER2013 from Kaggle when neither --source nor --dataset is
     * given and Kaggle credentials are set; null otherwise (the config then says what to pass).
     */
    String datasetOrKaggleDefault(Map<String, String> environment, Path home) {
        if (source != null || dataset != null) {
            return dataset;
        }
        try {
            return KaggleCredentials.find(environment, home).isPresent() ? DEFAULT_DATASET : null;
        } catch (KaggleException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        PipelineRun.Config config = config();
        PipelineRun.Result result = clean(config);
        if (!serve) {
            return 0;
        }
        Path trained = result.training() == null ? null : result.training().card();
        ModelSource model = DefaultModel.resolve(modelCard.card() != null ? modelCard.card() : trained);
        return ServeCommand.serve(model, gateway, config.out(), "run");
    }

    /** The run itself, stopped cleanly by Ctrl-C. */
    private static PipelineRun.Result clean(PipelineRun.Config config) throws Exception {
        PipelineRun run = new PipelineRun(config);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.err.println("fer run: stopping (Ctrl-C)...");
            run.cancel();
            run.close();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fer-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PipelineRun.Result result = run.run(new ProgressPrinter(System.out, System.console() != null));
            Map<String, Object> s = result.summary();
            System.out.printf(Locale.ROOT, "%nRun %s: %s published, %s cleaned (%s flagged), %s rejected, %s dead letters "
                            + "in %.1f s (%.0f images/s)%n", result.runId(), s.get("published"), s.get("cleaned"),
                    s.get("kept_flagged"), s.get("rejected"), s.get("dead_letters"), result.elapsed().toNanos() / 1e9,
                    ((Number) s.get("published")).doubleValue() / (result.elapsed().toNanos() / 1e9));
            System.out.println("Removed by stage and reason: " + s.get("removed_by_stage_and_reason"));
            System.out.println("Report: " + result.out().resolve("report.html").toAbsolutePath());
            if (result.training() != null) {
                System.out.printf(Locale.ROOT, "Model: %s (TEST accuracy %.4f, with flip TTA %.4f, with flip and shift TTA %.4f; card %s)%n",
                        result.training().model().toAbsolutePath(), result.training().test().accuracy(),
                        result.training().test().accuracyTta(), result.training().test().accuracyTtaShifts(),
                        result.training().card().getFileName());
            }
            return result;
        } finally {
            run.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
