package io.ferstream.quality;

import java.util.concurrent.Callable;

import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.config.StageOptions;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.metrics.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer quality}: one worker of the quality stage (fer.images.raw → fer.images.checked | rejected). */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Score blur, brightness, contrast and edge density; route to fer.images.checked or fer.images.rejected.")
public final class QualityCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    StageOptions stage;

    @Option(names = "--preset", defaultValue = "seed", description = "Threshold preset: seed (the original's). Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--blur-min", description = "Blur passes if Laplacian variance > this (seed 80).")
    Double blurMin;

    @Option(names = "--brightness-min", description = "Brightness passes if mean > this (seed 40).")
    Double brightnessMin;

    @Option(names = "--brightness-max", description = "Brightness passes if mean < this (seed 220).")
    Double brightnessMax;

    @Option(names = "--contrast-min", description = "Contrast fails if std < this (seed 20).")
    Double contrastMin;

    @Option(names = "--edge-density-min", description = "Edge density fails if < this (seed 0.05).")
    Double edgeDensityMin;

    @Option(names = "--edge-density-max", description = "Edge density fails if > this (seed 0.30).")
    Double edgeDensityMax;

    /** The preset with any single threshold overridden by its flag. */
    QualityThresholds thresholds() {
        if (!"seed".equals(preset)) {
            throw new InvalidConfigException("preset", preset, "known presets: seed");
        }
        QualityThresholds base = QualityThresholds.SEED;
        return new QualityThresholds(
                blurMin != null ? blurMin : base.blurMin(),
                brightnessMin != null ? brightnessMin : base.brightnessMin(),
                brightnessMax != null ? brightnessMax : base.brightnessMax(),
                contrastMin != null ? contrastMin : base.contrastMin(),
                edgeDensityMin != null ? edgeDensityMin : base.edgeDensityMin(),
                edgeDensityMax != null ? edgeDensityMax : base.edgeDensityMax());
    }

    @Override
    public Integer call() throws Exception {
        QualityThresholds thresholds = thresholds();
        ImageStageService.Config config = stage.toConfig(connection.toConfig(), QualityStage.NAME);
        ShutdownLatch latch = new ShutdownLatch("quality");
        ServiceMetrics registry = latch.register(ServiceMetrics.prometheus("quality"));
        ImageStageService service = latch.register(QualityStage.start(config, thresholds, registry));
        System.out.println("quality worker running (application id " + config.applicationId() + ", metrics on port "
                + service.httpPort() + "). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
