package io.ferstream.vision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Test helper: reads FER2013 rows from the project's shared data folder
 * ({@code shared/data/fer2013/fer2013.csv.gz} beside the repository), read-only. Tests that need it
 * skip visibly when it is absent.
 */
public final class Fer2013 {

    /** One CSV row. */
    public record Row(int index, int emotion, String usage, GrayImage image) {}

    private static final java.util.Map<Integer, List<Row>> TRAIN_CACHE = new java.util.HashMap<>();

    private Fer2013() {}

    /** The first {@code n} Training rows, read once per JVM; skips the calling test when absent. */
    public static synchronized List<Row> firstTrainingRows(int n) {
        Path p = csvOrSkip();
        return TRAIN_CACHE.computeIfAbsent(n, k -> read(p, "Training"::equals, k));
    }

    /** The CSV; a failure under CI, a visible skip elsewhere, when it is absent. */
    public static Path csvOrSkip() {
        return SharedFiles.require(csv(), "FER2013 data (shared/data/fer2013/fer2013.csv.gz, or -Dfer.shared=DIR)");
    }

    /**
     * The CSV, found via {@code -Dfer.shared=DIR} or by walking up from the working directory to a
     * folder that has {@code shared/data/fer2013/fer2013.csv.gz}.
     */
    public static Optional<Path> csv() {
        String override = System.getProperty("fer.shared");
        if (override != null) {
            Path p = Paths.get(override, "data", "fer2013", "fer2013.csv.gz");
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared").resolve("data").resolve("fer2013").resolve("fer2013.csv.gz");
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Up to {@code limit} rows (in file order) whose Usage matches, decoded to 48×48 images. */
    public static List<Row> read(Path csv, Predicate<String> usage, int limit) {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(csv), 1 << 16), StandardCharsets.US_ASCII), 1 << 16)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("emotion,pixels,Usage")) {
                throw new IllegalStateException("unexpected FER2013 header: " + header);
            }
            String line;
            int index = 0;
            while ((line = r.readLine()) != null && rows.size() < limit) {
                int c1 = line.indexOf(',');
                int c2 = line.lastIndexOf(',');
                String u = line.substring(c2 + 1).trim();
                if (usage.test(u)) {
                    rows.add(new Row(index, Integer.parseInt(line.substring(0, c1)), u,
                            GrayImage.of(48, 48, parsePixels(line, c1 + 1, c2))));
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static byte[] parsePixels(String s, int from, int to) {
        byte[] out = new byte[48 * 48];
        int n = 0;
        int v = -1;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                v = (v < 0 ? 0 : v * 10) + (ch - '0');
            } else if (v >= 0) {
                out[n++] = (byte) v;
                v = -1;
            }
        }
        if (v >= 0) {
            out[n++] = (byte) v;
        }
        if (n != out.length) {
            throw new IllegalStateException("row has " + n + " pixels, expected 2304");
        }
        return out;
    }
}
