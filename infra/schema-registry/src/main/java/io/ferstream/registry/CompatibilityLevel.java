package io.ferstream.registry;

import java.util.Locale;
import java.util.Optional;

/** The compatibility levels of Confluent Schema Registry. */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** What a registry with no configuration at all enforces. */
    static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must be able to read data written with the earlier one(s). */
    boolean backward() {
        return backward;
    }

    /** The earlier schema(s) must be able to read data written with the new one. */
    boolean forward() {
        return forward;
    }

    /** Check against every earlier live version, not only the latest. */
    boolean transitive() {
        return transitive;
    }

    /** Case-insensitive lookup; empty for null, blank or unknown names. */
    static Optional<CompatibilityLevel> parse(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
