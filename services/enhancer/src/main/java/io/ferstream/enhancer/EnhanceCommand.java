package io.ferstream.enhancer;

import java.util.concurrent.Callable;

import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.config.StageOptions;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.vision.Clahe;
import io.ferstream.platform.metrics.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer enhance}: one worker of the enhancer (fer.images.typical → CLAHE → fer.images.cleaned). */
@Command(name = "enhance", mixinStandardHelpOptions = true,
        description = "Apply CLAHE to the typical images and publish them to fer.images.cleaned.")
public final class EnhanceCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    StageOptions stage;

    @Option(names = "--clip-limit", defaultValue = "" + Clahe.SEED_CLIP_LIMIT, description = "CLAHE clip limit. Default: ${DEFAULT-VALUE}.")
    double clipLimit;

    @Option(names = "--tiles", defaultValue = "" + Clahe.SEED_TILES, description = "CLAHE tiles per side. Default: ${DEFAULT-VALUE}.")
    int tiles;

    @Override
    public Integer call() throws Exception {
        if (!(clipLimit > 0)) {
            throw new InvalidConfigException("clip-limit", clipLimit, "must be > 0");
        }
        if (tiles < 1 || tiles > 48) {
            throw new InvalidConfigException("tiles", tiles, "must be in 1..48");
        }
        ImageStageService.Config config = stage.toConfig(connection.toConfig(), EnhancerStage.NAME);
        ShutdownLatch latch = new ShutdownLatch("enhancer");
        ServiceMetrics registry = latch.register(ServiceMetrics.prometheus("enhancer"));
        ImageStageService service = latch.register(EnhancerStage.start(config, clipLimit, tiles, registry));
        System.out.println("enhancer worker running (application id " + config.applicationId() + ", metrics on port "
                + service.httpPort() + "). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
