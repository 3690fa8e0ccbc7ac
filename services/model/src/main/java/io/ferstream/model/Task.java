package io.ferstream.model;

/** What a model does, as its card says. */
public enum Task {
    /** Face → class probabilities in FER order (and, for ours, an embedding output). */
    CLASSIFIER,
    /** Image → face boxes with landmarks (YuNet). */
    DETECTOR,
    /** Face → an embedding vector compared by cosine. */
    EMBEDDER
}
