package io.ferstream.embedder.outliers;

import java.util.Objects;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;

/** One image as the outlier rule sees it: id, split, label (null when unknown) and embedding. */
public record Sample(String id, Split split, Emotion label, float[] embedding) {

    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(embedding, "embedding");
    }
}
