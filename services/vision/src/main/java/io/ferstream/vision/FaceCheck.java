package io.ferstream.vision;

import java.util.List;

/**
 * The face decision of the original cleaner: exactly one face, and that face covers more than
 * {@code minAreaRatio} of the image (strict {@code >}). Pure logic, thread-safe.
 *
 * @param maxFaces most faces an image may show (the original: exactly one, so 1)
 * @param minAreaRatio the largest face's area / image area must be above this (the original: 0.30)
 */
public record FaceCheck(int maxFaces, double minAreaRatio) {

    /** The original's numbers: exactly one face, area ratio {@code > 0.30}. */
    public static final FaceCheck SEED = new FaceCheck(1, 0.30);

    /** Why an image fails. {@link #code()} is the reason string used in events and metrics. */
    public enum Reason {
        NO_FACE("no_face"),
        MULTIPLE_FACES("multiple_faces"),
        FACE_TOO_SMALL("face_too_small");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * @param passed whether the image passes
     * @param reason why not, {@code null} when passed
     * @param faces how many faces were found
     * @param largestAreaRatio largest face's area / image area, 0 when no face
     */
    public record Verdict(boolean passed, Reason reason, int faces, double largestAreaRatio) {
        public Verdict {
            if (passed != (reason == null)) {
                throw new IllegalArgumentException("a verdict has a reason exactly when it fails");
            }
        }
    }

    public FaceCheck {
        if (maxFaces < 1) {
            throw new IllegalArgumentException("maxFaces must be >= 1, got " + maxFaces);
        }
        if (!(minAreaRatio >= 0 && minAreaRatio < 1)) {
            throw new IllegalArgumentException("minAreaRatio must be in [0, 1), got " + minAreaRatio);
        }
    }

    /** Judges the boxes a detector found on an image of {@code width × height}. */
    public Verdict evaluate(List<FaceBox> faces, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        double largest = 0;
        for (FaceBox f : faces) {
            largest = Math.max(largest, f.areaRatio(width, height));
        }
        int n = faces.size();
        if (n == 0) {
            return new Verdict(false, Reason.NO_FACE, 0, 0);
        }
        if (n > maxFaces) {
            return new Verdict(false, Reason.MULTIPLE_FACES, n, largest);
        }
        if (!(largest > minAreaRatio)) {
            return new Verdict(false, Reason.FACE_TOO_SMALL, n, largest);
        }
        return new Verdict(true, null, n, largest);
    }
}
