package io.ferstream.classifier;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one place that decides which classifier {@code fer classify} and {@code fer serve} start with: the
 * card the user names, else the classifier that ships with fer. None ships yet, so without a card there is
 * no model: the commands print {@link #MISSING} after their name and exit 2.
 */
public final class DefaultModel {

    /** What a user without {@code --model-card} reads. */
    public static final String MISSING = "pass --model-card PATH (a card.json beside its model.onnx, e.g. one `fer train` wrote);"
            + " no classifier ships with fer yet.";

    private DefaultModel() {
    }

    /** The model of {@code card}; without one, the shipped classifier, which does not exist yet (empty). */
    public static Optional<ModelSource> resolve(Path card) {
        return card == null ? Optional.empty() : Optional.of(new CardModelSource(card));
    }
}
