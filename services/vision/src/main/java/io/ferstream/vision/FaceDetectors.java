package io.ferstream.vision;

import java.nio.file.Path;

/**
 * Builds the configured face detector and reports, rather than throws, when it can't: the face
 * stage then skips its check and says why (never "reject everything").
 */
public final class FaceDetectors {

    private FaceDetectors() {}

    /** The Haar detector; unavailable only if the cascade resource or OpenCV itself is missing. */
    public static DetectorAvailability haar(HaarFaceDetector.Config config) {
        try {
            return new DetectorAvailability.Available(new HaarFaceDetector(config));
        } catch (RuntimeException | LinkageError e) {
            return new DetectorAvailability.Unavailable(
                    "haar:" + config.cascade().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
        }
    }

    /** YuNet from {@code model} with the settings for 48×48 crops. */
    public static DetectorAvailability yunet(Path model) {
        return OnnxFaceDetector.create(OnnxFaceDetector.Config.forModel(model));
    }

    /**
     * YuNet when a model path is given, otherwise the Haar default: the usual way a stage picks its
     * detector from an optional {@code --face-model} flag.
     */
    public static DetectorAvailability select(Path modelOrNull) {
        return modelOrNull == null ? haar(HaarFaceDetector.Config.DEFAULT) : yunet(modelOrNull);
    }
}
