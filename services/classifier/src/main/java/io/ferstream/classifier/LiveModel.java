package io.ferstream.classifier;

import java.time.Instant;
import java.util.Arrays;

import io.ferstream.events.Emotion;
import io.ferstream.model.onnx.Classifier;

/**
 * The classifier in use, with the name and version every prediction carries and the time it was
 * released (what orders versions; {@link Instant#EPOCH} for a card that records none).
 */
public record LiveModel(String name, String version, Instant releasedAt, Classifier classifier) implements AutoCloseable {

    /**
     * The model after one trial run on a blank face: it must answer {@link Emotion}'s seven classes in
     * FER order, or it is refused (instead of failing on the first frame).
     */
    public static LiveModel checked(String name, String version, Instant releasedAt, Classifier classifier) {
        int classes;
        try {
            float[] blank = new float[classifier.contract().values()];
            Arrays.fill(blank, classifier.contract().scale(128));
            classes = classifier.predict(blank, 1)[0].length;
        } catch (RuntimeException e) {
            classifier.close();
            throw new IllegalArgumentException("model " + name + " does not run on its card's input: " + e.getMessage(), e);
        }
        if (classes != Emotion.values().length) {
            classifier.close();
            throw new IllegalArgumentException("model " + name + " answers " + classes + " classes; the live classifier needs "
                    + Emotion.values().length + " in FER order");
        }
        return new LiveModel(name, version, releasedAt, classifier);
    }

    /** Whether a release of {@code otherVersion} at {@code otherReleasedAt} comes after this model: by time, then by version string. */
    public boolean isOlderThan(Instant otherReleasedAt, String otherVersion) {
        int byTime = releasedAt.compareTo(otherReleasedAt);
        return byTime != 0 ? byTime < 0 : version.compareTo(otherVersion) < 0;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
