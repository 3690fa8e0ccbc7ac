package io.ferstream.classifier;

import java.nio.file.Path;

import io.ferstream.model.ShippedModel;

/**
 * The one place that decides which classifier {@code fer classify}, {@code fer serve}, {@code fer run --serve}
 * and {@code fer bench live} start with: the card the user names, else the classifier that ships with fer
 * ({@link ShippedModel#ferClassifier()}, trained by this project's {@code fer train}).
 */
public final class DefaultModel {

    private DefaultModel() {
    }

    /** The model of {@code card}; without one (null), the shipped classifier. */
    public static ModelSource resolve(Path card) {
        return new CardModelSource(card != null ? card : ShippedModel.ferClassifier().cardFile());
    }
}
