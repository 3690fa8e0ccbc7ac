package io.ferstream.embedder.duplicates;

import java.util.Objects;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;

/** One image as the duplicate check sees it: id, split, label (null when unknown) and its two fingerprints. */
public record HashedImage(String id, Split split, Emotion label, long perceptual, long exactHigh, long exactLow) {

    public HashedImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(split, "split");
    }

    /** Fingerprints an image. */
    public static HashedImage of(String id, Split split, Emotion label, int width, int height, byte[] pixels) {
        long[] exact = PerceptualHash.exactDigest(width, height, pixels);
        return new HashedImage(id, split, label, PerceptualHash.of(width, height, pixels), exact[0], exact[1]);
    }

    boolean samePixels(HashedImage other) {
        return exactHigh == other.exactHigh && exactLow == other.exactLow;
    }

    /** VALIDATION and TEST: images the model is judged on, so a TRAIN image equal to one of them is leakage. */
    boolean heldOut() {
        return split == Split.VALIDATION || split == Split.TEST;
    }
}
