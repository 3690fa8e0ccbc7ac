package io.ferstream.classifier;

/**
 * Where the live classifier's starting model comes from. Today only a card the user names
 * ({@link CardModelSource}); a classifier shipped with fer plugs in here. Later models arrive as
 * releases on {@code fer.models} ({@link ReleaseHandler}).
 */
public interface ModelSource {

    /** Loads and verifies the model; the caller closes it. */
    LiveModel load();

    /** What the source is, for the start-up line. */
    String describe();
}
