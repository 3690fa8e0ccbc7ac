package io.ferstream.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ferstream.vision.SharedModels;

/** The peer mini-Xception classifier of {@code shared/models} laid out as {@code --model-card} expects it. */
final class PeerModelCard {

    static final String NAME = "fer2013_mini_XCEPTION";
    static final String VERSION = "peer-baseline";

    private PeerModelCard() {
    }

    /** The card path; a failure under CI, a visible skip elsewhere, without shared/models. */
    static Path in(Path dir) throws IOException {
        Files.copy(SharedModels.requireOrSkip("fer2013_mini_XCEPTION.onnx"), dir.resolve("model.onnx"));
        Path card = dir.resolve("card.json");
        try (InputStream in = PeerModelCard.class.getResourceAsStream("mini-xception.card.json")) {
            Files.copy(in, card);
        }
        return card;
    }
}
