package io.ferstream.classifier;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The {@code --model-card} flag of every command that starts the live classifier, resolved by {@link DefaultModel}. */
public final class ModelCardOption {

    @Option(names = "--model-card", paramLabel = "CARD",
            description = "The classifier's card.json; its model file must match the card's sha256. Default: the classifier that ships "
                    + "with fer (trained by fer train; its card: fer models).")
    Path card;

    /** The card given, or null. */
    public Path card() {
        return card;
    }

    /** The model to start with: the card given, else the shipped classifier. */
    public ModelSource resolve() {
        return DefaultModel.resolve(card);
    }
}
