package io.ferstream.faces;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.ImageStageTopology;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.DetectorAvailability;
import io.ferstream.vision.FaceCheck;
import io.ferstream.vision.HaarFaceDetector;
import io.ferstream.vision.OpenCvLoader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The face stage: fer.images.checked → fer.images.faces, failures → fer.images.rejected. */
public final class FaceStage {

    public static final String NAME = "faces";
    private static final Logger log = LoggerFactory.getLogger(FaceStage.class);

    private FaceStage() {
    }

    public static ImageStageTopology.Spec spec(ImageStageService.Config config) {
        return new ImageStageTopology.Spec(NAME, Topics.IMAGES_CHECKED, Topics.IMAGES_FACES, config.policy(),
                Arrays.stream(FaceCheck.Reason.values()).map(FaceCheck.Reason::code).toList());
    }

    /** Which face detector the stage uses; NONE turns the check off (reported, like a detector that cannot load). */
    public enum Detector { YUNET, HAAR, NONE }

    /**
     * The detector factory for a choice: YuNet, the one shipped with the product unless a model file is
     * given (it finds one face in 98.4 % of FER2013's TRAIN and VALIDATION images at the settings of
     * {@link YuNetDetector.Config#forModel}); or Haar, which needs nothing but finds a face in only about
     * 71 % of them, so it is opt-in. A detector that cannot load is unavailable, and the stage is then
     * skipped and reported, never "reject everything".
     */
    public static Supplier<DetectorAvailability> detectors(Detector detector, Path yunetModel) {
        return switch (detector) {
            case HAAR -> () -> HaarFaceDetector.create(HaarFaceDetector.Config.DEFAULT);
            case YUNET -> yunetModel == null ? YuNetDetector::shipped : () -> YuNetDetector.forModel(yunetModel);
            case NONE -> () -> new DetectorAvailability.Unavailable("none", "the face check is turned off (--detector none)");
        };
    }

    /**
     * Starts the stage. An unavailable detector is reported once here (and as
     * {@code fer_faces_detector_available 0}); the stage then passes images through with
     * {@code faces.skipped = 1}.
     */
    public static ImageStageService start(ImageStageService.Config config, Supplier<DetectorAvailability> detectors,
                                          FaceCheck check, PrometheusMeterRegistry registry) {
        OpenCvLoader.setNumThreads(1);
        DetectorAvailability probe = detectors.get();
        boolean available = probe instanceof DetectorAvailability.Available;
        if (probe instanceof DetectorAvailability.Available working) {
            log.info("Face stage uses detector {}", working.detectorName());
            working.detector().close();
        } else if (probe instanceof DetectorAvailability.Unavailable missing) {
            log.warn("Face detector {} unavailable ({}): the face check is SKIPPED, images pass with faces.skipped=1",
                    missing.detectorName(), missing.reason());
        }
        Gauge.builder("fer_faces_detector_available", () -> available ? 1 : 0)
                .description("1 when the face check runs, 0 when it is skipped for want of a detector")
                .register(registry);
        return ImageStageService.start(spec(config), config, () -> new FaceJudge(detectors.get(), check), registry);
    }
}
