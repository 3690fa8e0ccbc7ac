package io.ferstream.classifier;

import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Option;

/** The {@code --model-card} flag of every command that starts the live classifier, resolved by {@link DefaultModel}. */
public final class ModelCardOption {

    @Option(names = "--model-card", paramLabel = "CARD",
            description = "The classifier's card.json; its model file must match the card's sha256. Default: the classifier that ships "
                    + "with fer (none yet).")
    Path card;

    /** The card given, or null. */
    public Path card() {
        return card;
    }

    /** The model to start with; empty after telling the user on one line, after {@code command}, what to pass. */
    public Optional<ModelSource> resolveOrExplain(String command) {
        Optional<ModelSource> model = DefaultModel.resolve(card);
        if (model.isEmpty()) {
            System.err.println(command + ": " + DefaultModel.MISSING);
        }
        return model;
    }
}
