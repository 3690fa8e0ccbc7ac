package io.ferstream.classifier;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.vision.frames.FrameLimits;
import io.ferstream.platform.metrics.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer classify}: one worker of the live classifier (fer.frames → fer.predictions, bad frames → fer.dlq). */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Live classifier: find every face in each frame of fer.frames, classify its expression, publish to fer.predictions.")
public final class ClassifyCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ModelCardOption modelCard;

    @Option(names = "--group-id", defaultValue = "fer-classifier", description = "Consumer group; workers with the same id share the frames. Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(names = "--max-frame-age-ms", defaultValue = "500",
            description = "A frame older than this when polled (now - capture time) is dropped, never served late. Default: ${DEFAULT-VALUE}.")
    long maxFrameAgeMs;

    @Option(names = "--max-frame-bytes", defaultValue = "8388608", description = "Largest frame accepted, in bytes. Default: ${DEFAULT-VALUE}.")
    int maxFrameBytes;

    @Option(names = "--max-frame-side", defaultValue = "4096",
            description = "Largest width or height accepted, checked on the declared size and the JPEG/PNG header before decoding. Default: ${DEFAULT-VALUE}.")
    int maxFrameSide;

    @Option(names = "--detector-side", defaultValue = "320", description = "The frame's longer side is scaled to this for face detection. Default: ${DEFAULT-VALUE}.")
    int detectorSide;

    @Option(names = "--face-score", defaultValue = "0.5", description = "Face detector score threshold. Default: ${DEFAULT-VALUE}.")
    float faceScore;

    @Option(names = "--crop-margin", defaultValue = "0.1", description = "Margin around a face box, share of its longer side per side. Default: ${DEFAULT-VALUE}.")
    double cropMargin;

    @Option(names = "--smoothing", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Track faces across a session's frames and smooth their probabilities (--no-smoothing: raw only). Default: on.")
    boolean smoothing;

    @Option(names = "--smoothing-alpha", defaultValue = "0.5", description = "Weight of the newest frame in the smoothing. Default: ${DEFAULT-VALUE}.")
    double smoothingAlpha;

    @Option(names = "--track-min-iou", defaultValue = "0.3", description = "Box overlap that continues a face's track. Default: ${DEFAULT-VALUE}.")
    double trackMinIou;

    @Option(names = "--max-sessions", defaultValue = "10000", description = "Sessions whose smoothing state is kept. Default: ${DEFAULT-VALUE}.")
    int maxSessions;

    @Option(names = "--session-idle-ms", defaultValue = "120000", description = "A session's state is dropped after this without a frame. Default: ${DEFAULT-VALUE}.")
    long sessionIdleMs;

    @Option(names = "--max-poll-records", defaultValue = "16", description = "Frames per poll: the micro-batch. Default: ${DEFAULT-VALUE}.")
    int maxPollRecords;

    @Option(names = "--decode-threads", defaultValue = "2",
            description = "Frames of a poll decoded and searched for faces at once (one face detector each). Default: ${DEFAULT-VALUE}.")
    int decodeThreads;

    @Option(names = "--follow-releases", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Swap in newer releases of the model from fer.models as they arrive (--no-follow-releases: keep the starting model). Default: on.")
    boolean followReleases;

    @Option(names = "--model-name", description = "The model whose releases are followed. Default: the name in the starting card.")
    String modelName;

    @Option(names = "--live-accuracy", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Score labelled images with the serving model and publish accuracy per split and model version (--no-live-accuracy: off). Default: on.")
    boolean liveAccuracy;

    @Option(names = "--labelled-topic", description = "Where labelled face images come from. Default: fer.images.cleaned (with the topic prefix).")
    String labelledTopic;

    @Option(names = "--accuracy-batch", defaultValue = "32", description = "Labelled images scored per model call. Default: ${DEFAULT-VALUE}.")
    int accuracyBatch;

    @Option(names = "--metrics-host", defaultValue = "0.0.0.0", description = "Where /metrics and /health listen. Default: ${DEFAULT-VALUE}.")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "0", description = "Port of /metrics and /health; 0 any, -1 off. Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    ClassifierConfig config() {
        FrameLimits limits;
        try {
            limits = new FrameLimits(maxFrameBytes, maxFrameSide);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(maxFrameBytes < 1 ? "max-frame-bytes" : "max-frame-side",
                    maxFrameBytes < 1 ? maxFrameBytes : maxFrameSide, "must be positive");
        }
        if (!followReleases && modelName != null) {
            throw new InvalidConfigException("model-name", modelName, "names the releases to follow; it has no use with --no-follow-releases");
        }
        if (!liveAccuracy && labelledTopic != null) {
            throw new InvalidConfigException("labelled-topic", labelledTopic, "has no use with --no-live-accuracy");
        }
        ClassifierConfig.Smoothing smoothed = smoothing ? new ClassifierConfig.Smoothing(smoothingAlpha, trackMinIou, maxSessions,
                Duration.ofMillis(sessionIdleMs)) : null;
        return new ClassifierConfig(connection.toConfig(), groupId, Duration.ofMillis(maxFrameAgeMs), limits, detectorSide,
                faceScore, cropMargin, smoothed, maxPollRecords, decodeThreads, followReleases ? new ClassifierConfig.Releases(modelName) : null,
                liveAccuracy ? new ClassifierConfig.Accuracy(labelledTopic, accuracyBatch) : null, metricsHost, metricsPort);
    }

    @Override
    public Integer call() throws Exception {
        ModelSource model = modelCard.resolve();
        ClassifierConfig config = config();
        ShutdownLatch latch = new ShutdownLatch("classify");
        ServiceMetrics registry = latch.register(ServiceMetrics.prometheus("classifier"));
        ClassifierService service = latch.register(ClassifierService.start(config, model, registry));
        System.out.println("classifier running (group " + config.groupId() + ", metrics on port " + service.httpPort()
                + "). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
