package io.ferstream.classifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.ferstream.events.ModelRelease;
import io.ferstream.model.FerClasses;
import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCards;
import io.ferstream.model.Preprocessing;
import io.ferstream.model.Task;
import io.ferstream.platform.files.Sha256;
import io.ferstream.vision.SharedModels;

/**
 * The peer mini-Xception classifier of {@code shared/models} with its card, laid out as
 * {@code --model-card} expects it ({@code card.json} beside {@code model.onnx}) in a folder of the test's.
 */
final class PeerModel {

    static final String FILE = "fer2013_mini_XCEPTION.onnx";
    /** The name in its card: the key of its releases. */
    static final String NAME = "fer2013_mini_XCEPTION";
    /** The input contract in its card. */
    static final Preprocessing CONTRACT = new Preprocessing(48, 48, Preprocessing.Color.GRAY, null, 0.5f, 0.5f,
            Preprocessing.Layout.NHWC, "input_1", "predictions", true);

    private PeerModel() {
    }

    /** The card path; a failure under CI, a visible skip elsewhere, without shared/models. */
    static Path cardIn(Path dir) throws IOException {
        Path model = SharedModels.requireOrSkip(FILE);
        Files.copy(model, dir.resolve("model.onnx"));
        Path card = dir.resolve("card.json");
        try (InputStream in = PeerModel.class.getResourceAsStream("mini-xception.card.json")) {
            Files.copy(in, card);
        }
        return card;
    }

    /** A release of {@code file} under the peer model's name and contract, card and sha256 describing the file, FER classes. */
    static ModelRelease release(Path file, String version, Instant releasedAt) throws IOException {
        String sha256 = Sha256.of(file);
        ModelCard card = ModelCard.of(NAME, Task.CLASSIFIER, file.getFileName().toString(), sha256, CONTRACT)
                .withModel(null, FerClasses.NAMES, null, null);
        return ModelRelease.newBuilder().setName(NAME).setVersion(version).setLocation(file.toUri().toString()).setSha256(sha256)
                .setCard(ModelCards.toJson(card)).setReleasedAt(releasedAt).build();
    }
}
