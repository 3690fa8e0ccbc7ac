package io.ferstream.classifier;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCardException;
import io.ferstream.model.ModelCards;
import io.ferstream.model.onnx.Classifier;

/** A model given as its card ({@code card.json} beside the {@code .onnx} file), checked against the card's sha256. */
public record CardModelSource(Path card) implements ModelSource {

    public CardModelSource {
        Objects.requireNonNull(card, "card");
    }

    @Override
    public LiveModel load() {
        ModelCard read = ModelCards.readVerified(card);
        Classifier classifier = Classifier.load(ModelCards.modelFile(card, read), read.preprocessing());
        String name = read.name() == null ? card.toAbsolutePath().getParent().getFileName().toString() : read.name();
        // Cards without a version are told apart by their file's digest.
        String version = read.version() != null ? read.version() : "sha256:" + read.onnxSha256().substring(0, 12);
        return LiveModel.checked(name, version, releasedAt(read), classifier);
    }

    /** The card's creation time orders it against releases; a card without one comes before any release. */
    private static Instant releasedAt(ModelCard card) {
        try {
            return card.created() == null ? Instant.EPOCH : Instant.parse(card.created());
        } catch (DateTimeParseException e) {
            throw new ModelCardException("created", "'" + card.created() + "' is not an ISO-8601 instant");
        }
    }

    @Override
    public String describe() {
        return "card " + card.toAbsolutePath();
    }
}
