package io.ferstream.embedder.embedding;

import java.nio.file.Path;

/** An embedding model could not be used: missing, unreadable, not loadable, or not matching its settings. */
public final class EmbeddingModelException extends RuntimeException {

    private final transient Path model;

    public EmbeddingModelException(Path model, String message) {
        super(message);
        this.model = model;
    }

    public EmbeddingModelException(Path model, String message, Throwable cause) {
        super(message, cause);
        this.model = model;
    }

    /** The model file the message is about. */
    public Path model() {
        return model;
    }
}
