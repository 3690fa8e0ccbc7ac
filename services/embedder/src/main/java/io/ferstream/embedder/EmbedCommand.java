package io.ferstream.embedder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.ferstream.embedder.embedding.EmbedderFactory;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.model.Preprocessing;
import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.config.StageOptions;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.platform.metrics.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer embed}: the embedder (fer.images.faces → fer.images.typical | rejected, fer.class-stats). */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed faces; remove duplicates, leaks into VALIDATION/TEST and per-class outliers (exact on finite runs; "
                + "outliers online on LIVE images).")
public final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    StageOptions stage;

    @Option(names = "--embedding", description = "Embedding provider: hog | onnx | model (a FER classifier from fer train or fer ensemble: its "
            + "embedding output, 256-d per network, fed as its card.json says). Default: onnx when --embedding-model is set, else hog.")
    String embedding;

    @Option(names = "--embedding-model", paramLabel = "PATH", description = "The .onnx embedding model (onnx provider), or fer train's model.onnx with card.json beside it (model provider).")
    Path embeddingModel;

    @Option(names = "--embedding-input", paramLabel = "NAME", description = "The model input to feed. Default: its only input.")
    String embeddingInput;

    @Option(names = "--embedding-output", paramLabel = "NAME", description = "The output holding the embedding. Default: the first.")
    String embeddingOutput;

    @Option(names = "--embedding-size", paramLabel = "WxH", description = "The model's input size; faces are resized bilinearly. Default: 112x112.")
    String embeddingSize;

    @Option(names = "--embedding-layout", description = "Input layout: ${COMPLETION-CANDIDATES}. Default: NCHW.")
    Preprocessing.Layout embeddingLayout;

    @Option(names = "--embedding-color", description = "Input channels: ${COMPLETION-CANDIDATES} (gray copied to each). Default: RGB.")
    Preprocessing.Color embeddingColor;

    @Option(names = "--embedding-mean", description = "Input normalisation x' = (x - mean) * scale. Default: 127.5.")
    Float embeddingMean;

    @Option(names = "--embedding-scale", description = "See --embedding-mean. Default: 0.0078125 (1/128).")
    Float embeddingScale;

    @Option(names = "--outlier-k", defaultValue = "2.5", description = "Keep d < mean + k·std. Default: ${DEFAULT-VALUE}.")
    double k;

    @Option(names = "--min-group-size", defaultValue = "10", description = "Smaller classes keep every image. Default: ${DEFAULT-VALUE}.")
    int minGroupSize;

    @Mixin
    DecideOptions decide;

    @Option(names = "--live-warmup", defaultValue = "50", description = "LIVE images per class before any is judged. Default: ${DEFAULT-VALUE}.")
    int liveWarmup;

    @Option(names = "--completion-timeout", defaultValue = "PT60S",
            description = "Decide a published run anyway after this long without news (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration completionTimeout;

    @Option(names = "--state-dir", description = "Where the state stores live. Default: <tmp>/fer-streams/<application-id>.")
    Path stateDir;


    /** The embedding options as given; defaults (MobileFaceNet's input settings) apply to the rest. */
    EmbedderFactory.Options embeddingOptions() {
        int[] size = embeddingSize == null ? null : EmbedderFactory.parseSize(embeddingSize);
        return new EmbedderFactory.Options(embedding, embeddingModel, embeddingInput, size == null ? null : size[0],
                size == null ? null : size[1], embeddingLayout, embeddingColor, embeddingMean, embeddingScale, embeddingOutput);
    }

    /** The service settings for an embedder provider that {@link EmbedderFactory#provider} validated; errors name the flag. */
    EmbedderService.Config config(EmbedderFactory.Provider embedder) {
        EmbedderTopology.Settings settings = new EmbedderTopology.Settings(new OutlierRule(k, minGroupSize),
                decide.duplicateRule(), decide.labelRule(), liveWarmup,
                completionTimeout, stage.policy(), embedder.name());
        String applicationId = stage.applicationId("embedder");
        Path dir = stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"), "fer-streams", applicationId);
        return new EmbedderService.Config(connection.toConfig(), applicationId, stage.threads(), settings,
                stage.metricsHost(), stage.metricsPort(), dir);
    }

    @Override
    public Integer call() throws Exception {
        EmbedderFactory.Provider embedder = EmbedderFactory.provider(embeddingOptions());
        EmbedderService.Config config = config(embedder);
        ShutdownLatch latch = new ShutdownLatch("embedder");
        ServiceMetrics registry = latch.register(ServiceMetrics.prometheus("embedder"));
        EmbedderService service = latch.register(EmbedderService.start(config, embedder, registry));
        System.out.println("embedder running (application id " + config.applicationId() + ", embedding " + embedder.name()
                + ", state in " + config.stateDir() + ", metrics on port " + service.httpPort() + "). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
