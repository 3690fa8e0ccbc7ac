package io.ferstream.vision;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that need the development data and models beside the repository
 * ({@code ../shared}): CI has them, so there ({@code CI=true}) a missing file fails the test; elsewhere
 * the test is skipped, visibly.
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    /** The found file, or a failure under CI, or a visible skip. */
    public static Path require(Optional<Path> found, String what) {
        if (found.isPresent()) {
            return found.get();
        }
        String message = what + " not found beside the repository (../shared)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; CI must have it");
        }
        System.out.println("SKIPPED: " + message);
        Assumptions.assumeTrue(false, message);
        return null;
    }
}
