package io.ferstream.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ferstream.model.FerClasses;
import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCards;
import io.ferstream.model.Preprocessing;
import io.ferstream.model.Task;
import io.ferstream.platform.files.Sha256;
import io.ferstream.vision.SharedModels;

/** The peer mini-Xception of shared/models, named "peer", with its card beside it (a failure under CI, a visible skip elsewhere, without shared/models). */
final class PeerCard {

    private PeerCard() {
    }

    /** Copies the model into {@code dir} and writes its card.json there; returns the card's path. */
    static Path write(Path dir) throws IOException {
        Path onnx = Files.copy(SharedModels.requireOrSkip("fer2013_mini_XCEPTION.onnx"), dir.resolve("model.onnx"));
        ModelCard card = ModelCard.of("peer", Task.CLASSIFIER, "model.onnx", Sha256.of(onnx), new Preprocessing(48, 48,
                Preprocessing.Color.GRAY, null, 0.5f, 0.5f, Preprocessing.Layout.NHWC, "input_1", "predictions", true))
                .withModel(null, FerClasses.NAMES, null, null);
        return Files.writeString(dir.resolve("card.json"), ModelCards.toJson(card));
    }
}
