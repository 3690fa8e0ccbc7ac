package io.ferstream.fetcher.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether a dataset is present under the data dir. {@code <data-dir>/<key>/} holds the unzipped
 * archive and, once a download finished and unzipped, the completion marker
 * {@value CompletionMarker#FILE_NAME}. A download in progress is {@code <data-dir>/<key>.zip.part}.
 */
public enum DatasetStatus {
    /** Downloaded and unzipped completely (the marker is there). */
    COMPLETE("present"),
    /** Files are there but no marker: copied by hand; used as is. */
    MANUAL("present (copied by hand, no marker)"),
    /** A download was interrupted; the next fetch resumes it. */
    PARTIAL("partial download, resumable"),
    /** Nothing there. */
    ABSENT("absent");

    private final String description;

    DatasetStatus(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean usable() {
        return this == COMPLETE || this == MANUAL;
    }

    public static DatasetStatus of(Path dataDir, String key) {
        Path folder = folder(dataDir, key);
        if (Files.isRegularFile(folder.resolve(CompletionMarker.FILE_NAME))) {
            return COMPLETE;
        }
        if (Files.isDirectory(folder) && !isEmpty(folder)) {
            return MANUAL;
        }
        if (Files.isRegularFile(partFile(dataDir, key))) {
            return PARTIAL;
        }
        return ABSENT;
    }

    public static Path folder(Path dataDir, String key) {
        return dataDir.resolve(key);
    }

    public static Path partFile(Path dataDir, String key) {
        return dataDir.resolve(key + ".zip.part");
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
