package io.ferstream.faces;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.config.StageOptions;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.vision.FaceCheck;
import io.ferstream.platform.metrics.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer faces}: one worker of the face stage (fer.images.checked → fer.images.faces | rejected). */
@Command(name = "faces", mixinStandardHelpOptions = true,
        description = "Keep images with exactly one face covering enough of the image; route to fer.images.faces or fer.images.rejected.")
public final class FacesCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    StageOptions stage;

    @Option(names = "--detector", defaultValue = "yunet",
            description = "yunet (shipped with fer; one face in about 98 %% of FER2013 images) or haar (about 71 %%); none turns the check off."
                    + " Without a usable detector the check is skipped and reported. Default: ${DEFAULT-VALUE}.")
    String detector;

    @Option(names = "--face-model", paramLabel = "ONNX", description = "Another YuNet ONNX model instead of the shipped face_detection_yunet_2023mar.onnx.")
    Path faceModel;

    @Option(names = "--max-faces", defaultValue = "1", description = "Most faces an image may show. Default: ${DEFAULT-VALUE}.")
    int maxFaces;

    @Option(names = "--min-area-ratio", defaultValue = "0.30",
            description = "Largest face area / image area must exceed this. Default: ${DEFAULT-VALUE}.")
    double minAreaRatio;

    FaceCheck faceCheck() {
        try {
            return new FaceCheck(maxFaces, minAreaRatio);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(maxFaces < 1 ? "max-faces" : "min-area-ratio",
                    maxFaces < 1 ? maxFaces : minAreaRatio, e.getMessage());
        }
    }

    FaceStage.Detector detectorChoice() {
        try {
            return FaceStage.Detector.valueOf(detector.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("detector", detector, "known detectors: yunet, haar, none");
        }
    }

    @Override
    public Integer call() throws Exception {
        FaceCheck check = faceCheck();
        ImageStageService.Config config = stage.toConfig(connection.toConfig(), FaceStage.NAME);
        ShutdownLatch latch = new ShutdownLatch("faces");
        ServiceMetrics registry = latch.register(ServiceMetrics.prometheus("faces"));
        ImageStageService service = latch.register(FaceStage.start(config, FaceStage.detectors(detectorChoice(),
                faceModel), check, registry));
        System.out.println("faces worker running (application id " + config.applicationId() + ", metrics on port "
                + service.httpPort() + "). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
