package io.ferstream.vision.fer2013;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.ferstream.vision.files.InputFormats;

/**
 * Streams the rows of a FER2013-format CSV: a header naming the columns {@code emotion},
 * {@code pixels} and (optionally) {@code Usage} in any order, then one image per row with 48x48 =
 * 2,304 space-separated 8-bit pixel values. Covers the original {@code fer2013.csv}
 * ({@code emotion,pixels,Usage}), the {@code icml_face_data.csv} variant ({@code emotion, Usage,
 * pixels}: leading spaces in the header), the CK+ {@code ckextended.csv} and the pipeline's cleaned
 * export. Plain, gzip or zip, recognised by magic bytes.
 *
 * <p>A bad row never stops the file: it comes back as a {@link Fer2013Row.Bad} with its reason, and
 * the caller decides (the fetcher dead-letters it, the trainer skips it). Memory stays flat whatever
 * the file size: one read buffer and one line.
 */
public final class Fer2013Rows implements Closeable {

    /** FER2013's side length. */
    public static final int SIDE = Fer2013Pixels.SIDE;
    /** Pixels per image. */
    public static final int PIXELS = Fer2013Pixels.COUNT;

    private final InputStream in;
    private final CsvLines lines;
    private final Fer2013RowParser parser;
    private long row;

    /**
     * Reads from {@code in} (already decompressed), starting with the header line.
     *
     * @param fileName      the file's name, for messages
     * @param skippedLabels labels outside 0..6 that the dataset defines but FER does not (e.g. 7 →
     *                      "contempt"): {@link Fer2013Row.Problem#SKIPPED_CLASS}, not a bad label
     * @throws IOException when the input is empty or its header lacks an emotion or a pixels column
     */
    public Fer2013Rows(InputStream in, String fileName, Map<Integer, String> skippedLabels) throws IOException {
        this.in = in;
        this.lines = new CsvLines(in);
        if (!lines.next()) {
            throw new IOException(fileName + " is empty: expected a header with emotion and pixels columns");
        }
        String header = new String(lines.bytes(), lines.start(), lines.end() - lines.start(), StandardCharsets.UTF_8);
        this.parser = new Fer2013RowParser(Fer2013Header.parse(header, fileName), skippedLabels);
    }

    /** Opens a plain, gzip or zip FER CSV file. */
    public static Fer2013Rows open(Path file, Map<Integer, String> skippedLabels) throws IOException {
        InputStream in = InputFormats.openText(file);
        try {
            return new Fer2013Rows(in, file.getFileName().toString(), skippedLabels);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Whether the file's header names an emotion and a pixels column (whatever its compression). */
    public static boolean isFerCsv(Path file) {
        try (Fer2013Rows probe = open(file, Map.of())) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The next row, or null at the end of the file. */
    public Fer2013Row next() throws IOException {
        if (!lines.nextNonBlank()) {
            return null;
        }
        return parser.parse(row++, lines.bytes(), lines.start(), lines.end());
    }

    /** Skips up to {@code n} rows without parsing them; returns how many there were. */
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && lines.nextNonBlank()) {
            row++;
            skipped++;
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
