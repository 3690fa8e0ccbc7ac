package io.ferstream.classifier;

/**
 * Where the live classifier's model comes from. Today only a card the user names
 * ({@link CardModelSource}); a classifier shipped with fer, or one released on {@code fer.models},
 * plugs in here.
 */
public interface ModelSource {

    /** Loads and verifies the model; the caller closes it. */
    LiveModel load();

    /** What the source is, for the start-up line. */
    String describe();
}
