package io.ferstream.classifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ferstream.vision.SharedModels;

/**
 * The peer mini-Xception classifier of {@code shared/models} with its card, laid out as
 * {@code --model-card} expects it ({@code card.json} beside {@code model.onnx}) in a folder of the test's.
 */
final class PeerModel {

    static final String FILE = "fer2013_mini_XCEPTION.onnx";

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
}
