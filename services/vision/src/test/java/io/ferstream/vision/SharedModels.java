package io.ferstream.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;


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

    /** The model; a failure under CI, a visible skip elsewhere, when it is absent. */
    public static Path requireOrSkip(String file) {
        return SharedFiles.require(find(file), "shared/models/" + file);
    }
}
