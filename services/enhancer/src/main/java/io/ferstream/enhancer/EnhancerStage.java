package io.ferstream.enhancer;

import java.util.List;

import io.ferstream.platform.stage.EnhancerVerdict;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.ImageStageTopology;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.OpenCvLoader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The enhancer: fer.images.typical → CLAHE → fer.images.cleaned (nothing is rejected here). */
public final class EnhancerStage {

    public static final String NAME = EnhancerVerdict.STAGE;

    private EnhancerStage() {
    }

    public static ImageStageTopology.Spec spec(ImageStageService.Config config) {
        // CLAHE transforms every image: it has no reason to fail one.
        return new ImageStageTopology.Spec(NAME, Topics.IMAGES_TYPICAL, Topics.IMAGES_CLEANED, config.policy(), List.of());
    }

    public static ImageStageService start(ImageStageService.Config config, double clipLimit, int tiles,
                                          PrometheusMeterRegistry registry) {
        // One OpenCV thread per stream thread: on 48x48 images OpenCV's own pool costs more than it gains.
        OpenCvLoader.setNumThreads(1);
        return ImageStageService.start(spec(config), config, () -> new EnhanceJudge(clipLimit, tiles), registry);
    }
}
