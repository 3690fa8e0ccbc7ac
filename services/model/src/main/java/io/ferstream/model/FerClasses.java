package io.ferstream.model;

import java.util.List;

/** The FER2013 expression classes in label order (indices 0..6), the order every FER card's {@code classes} lists. */
public final class FerClasses {

    public static final List<String> NAMES = List.of("Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral");

    private FerClasses() {
    }
}
