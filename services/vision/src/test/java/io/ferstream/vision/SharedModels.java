package io.ferstream.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the development models ({@code shared/models/} beside the repository) by walking up from the
 * working directory. Tests that need one print a SKIPPED line and are skipped when it is absent.
 */
public final class SharedModels {

    public static final String MOBILEFACENET = "mobilefacenet.onnx";

    private SharedModels() {
    }

    public static Optional<Path> find(String file) {
        Path relative = Path.of("shared", "models", file);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The model, or skips the calling test visibly. */
    public static Path requireOrSkip(String file) {
        Optional<Path> model = find(file);
        if (model.isEmpty()) {
            System.out.println("SKIPPED: shared/models/" + file + " not found beside the repository");
        }
        Assumptions.assumeTrue(model.isPresent(), "shared/models/" + file + " not found beside the repository");
        return model.get();
    }
}
