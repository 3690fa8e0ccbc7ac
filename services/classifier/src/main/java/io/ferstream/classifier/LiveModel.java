package io.ferstream.classifier;

import java.util.Arrays;

import io.ferstream.events.Emotion;
import io.ferstream.model.onnx.Classifier;

/** The classifier in use, with the name and version every prediction carries. */
public record LiveModel(String name, String version, Classifier classifier) implements AutoCloseable {

    /**
     * The model after one trial run on a blank face: it must answer {@link Emotion}'s seven classes in
     * FER order, or the service refuses to start (instead of failing on the first frame).
     */
    public static LiveModel checked(String name, String version, Classifier classifier) {
        float[] blank = new float[classifier.contract().values()];
        Arrays.fill(blank, classifier.contract().scale(128));
        int classes = classifier.predict(blank, 1)[0].length;
        if (classes != Emotion.values().length) {
            classifier.close();
            throw new IllegalArgumentException("model " + name + " answers " + classes + " classes; the live classifier needs "
                    + Emotion.values().length + " in FER order");
        }
        return new LiveModel(name, version, classifier);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
