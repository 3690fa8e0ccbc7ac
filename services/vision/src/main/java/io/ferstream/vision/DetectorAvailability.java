package io.ferstream.vision;

/**
 * Whether a face detector could be built. A detector that is missing (no model file, a model
 * OpenCV can't read) is {@link Unavailable} with a reason, so the face stage is skipped and
 * reported instead of rejecting every image.
 */
public sealed interface DetectorAvailability {

    /** A short name of the detector that was asked for. */
    String detectorName();

    /** A working detector; the caller owns it and must close it. */
    record Available(FaceDetector detector) implements DetectorAvailability {
        public Available {
            if (detector == null) {
                throw new IllegalArgumentException("detector must not be null");
            }
        }

        @Override
        public String detectorName() {
            return detector.name();
        }
    }

    /** No detector; {@code reason} says why, for the stage's report and logs. */
    record Unavailable(String detectorName, String reason) implements DetectorAvailability {
        public Unavailable {
            if (detectorName == null || reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("an unavailable detector needs a name and a reason");
            }
        }
    }
}
