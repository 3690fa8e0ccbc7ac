package io.ferstream.quality;

import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.ImageStageTopology;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.OpenCvLoader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The quality stage: fer.images.raw → fer.images.checked, failures → fer.images.rejected. */
public final class QualityStage {

    public static final String NAME = "quality";

    private QualityStage() {
    }

    public static ImageStageTopology.Spec spec(ImageStageService.Config config) {
        return new ImageStageTopology.Spec(NAME, Topics.IMAGES_RAW, Topics.IMAGES_CHECKED, config.policy(),
                QualityJudge.REASONS);
    }

    public static ImageStageService start(ImageStageService.Config config, QualityThresholds thresholds,
                                          PrometheusMeterRegistry registry) {
        // One OpenCV thread per stream thread: on 48x48 images OpenCV's own pool costs more than it gains.
        OpenCvLoader.setNumThreads(1);
        return ImageStageService.start(spec(config), config, () -> new QualityJudge(thresholds), registry);
    }
}
