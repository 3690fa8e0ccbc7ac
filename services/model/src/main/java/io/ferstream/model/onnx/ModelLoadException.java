package io.ferstream.model.onnx;

import java.nio.file.Path;

/** A model could not be used: missing, unreadable, not loadable by ONNX Runtime, or not accepting its input contract. */
public final class ModelLoadException extends RuntimeException {

    private final transient Path model;

    public ModelLoadException(Path model, String message, Throwable cause) {
        super(message, cause);
        this.model = model;
    }

    public ModelLoadException(Path model, String message) {
        this(model, message, null);
    }

    /** The model file the message is about. */
    public Path model() {
        return model;
    }
}
