package io.ferstream.fetcher.datasets;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The file written into {@code <data-dir>/<key>/} after a download was verified and unzipped; its
 * presence is what "complete" means. Properties: Kaggle id, archive size and SHA-256, file count, time.
 */
public record CompletionMarker(String kaggleId, long archiveBytes, String archiveSha256, int files, Instant completedAt) {

    public static final String FILE_NAME = ".fer-complete";

    public void writeTo(Path folder) throws IOException {
        Properties p = new Properties();
        p.setProperty("kaggleId", kaggleId);
        p.setProperty("archiveBytes", Long.toString(archiveBytes));
        p.setProperty("archiveSha256", archiveSha256);
        p.setProperty("files", Integer.toString(files));
        p.setProperty("completedAt", completedAt.toString());
        Path temp = folder.resolve(FILE_NAME + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp)) {
            p.store(out, "written by fer fetch once the archive was verified and unzipped");
        }
        Files.move(temp, folder.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<CompletionMarker> readFrom(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return Optional.of(new CompletionMarker(p.getProperty("kaggleId"),
                Long.parseLong(p.getProperty("archiveBytes", "0")), p.getProperty("archiveSha256", ""),
                Integer.parseInt(p.getProperty("files", "0")), Instant.parse(p.getProperty("completedAt"))));
    }
}
