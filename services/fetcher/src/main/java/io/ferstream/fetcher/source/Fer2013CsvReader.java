package io.ferstream.fetcher.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import io.ferstream.vision.fer2013.Fer2013Row;
import io.ferstream.vision.fer2013.Fer2013Rows;
import io.ferstream.vision.fer2013.Usage;

/**
 * A FER2013-format CSV as an {@link ImageSource}; the format itself is read by {@link Fer2013Rows}.
 *
 * <ul>
 *   <li>Usage: Training → TRAIN, PublicTest → VALIDATION, PrivateTest → TEST; a file without a Usage
 *       column is all TRAIN.</li>
 *   <li>Id {@code <dataset>:<row>} with the 0-based data-row index (header excluded, blank lines
 *       neither counted nor reported, as pandas reads the file); location {@code <file>#row=<row>}.</li>
 *   <li>Bad rows become {@link Rejection}s with the raw line: wrong column count, a label that is not
 *       an integer in 0..6 (or a label the dataset skips on purpose, e.g. CK+ 7 = contempt), an
 *       unknown Usage, other than 2,304 values, a value that is not a whole number in 0..255.</li>
 * </ul>
 */
public final class Fer2013CsvReader implements ImageSource {

    private static final Emotion[] EMOTIONS = Emotion.values();

    private final Fer2013Rows rows;
    private final String fileName;
    private final String dataset;

    private Fer2013CsvReader(Fer2013Rows rows, String fileName, String dataset) {
        this.rows = rows;
        this.fileName = fileName;
        this.dataset = dataset;
    }

    /**
     * Reads from {@code in} (already decompressed), starting with the header line.
     *
     * @param fileName      the file's name, for locations
     * @param skippedLabels labels outside 0..6 that the dataset defines but FER does not (e.g. 7 →
     *                      "contempt"): rejected as {@link RejectReason#SKIPPED_CLASS}, not as bad
     */
    public Fer2013CsvReader(InputStream in, String fileName, String dataset, Map<Integer, String> skippedLabels)
            throws IOException {
        this(new Fer2013Rows(in, fileName, skippedLabels), fileName, dataset);
    }

    /** Opens a plain, gzip or zip FER CSV file. */
    public static Fer2013CsvReader open(Path file, String dataset, Map<Integer, String> skippedLabels) throws IOException {
        return new Fer2013CsvReader(Fer2013Rows.open(file, skippedLabels), file.getFileName().toString(), dataset);
    }

    public static Fer2013CsvReader open(Path file, String dataset) throws IOException {
        return open(file, dataset, Map.of());
    }

    /** Whether the file's header names an emotion and a pixels column (whatever its compression). */
    public static boolean isFerCsv(Path file) {
        return Fer2013Rows.isFerCsv(file);
    }

    @Override
    public String dataset() {
        return dataset;
    }

    @Override
    public String description() {
        return fileName;
    }

    @Override
    public OptionalLong expectedEntries() {
        return OptionalLong.empty();
    }

    @Override
    public SourceEntry next() throws IOException {
        Fer2013Row row = rows.next();
        if (row == null) {
            return null;
        }
        String location = fileName + "#row=" + row.index();
        if (row instanceof Fer2013Row.Image image) {
            return new ImageEntry(dataset + ":" + image.index(), dataset, split(image.usage()), EMOTIONS[image.label()],
                    Fer2013Rows.SIDE, Fer2013Rows.SIDE, image.pixels(), location);
        }
        Fer2013Row.Bad bad = (Fer2013Row.Bad) row;
        return new Rejection(reason(bad.problem()), bad.detail(), location, bad.line());
    }

    @Override
    public long skip(long n) throws IOException {
        return rows.skip(n);
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }

    /** The pipeline's split of a FER2013 Usage. */
    private static Split split(Usage usage) {
        return switch (usage) {
            case TRAINING -> Split.TRAIN;
            case PUBLIC_TEST -> Split.VALIDATION;
            case PRIVATE_TEST -> Split.TEST;
        };
    }

    private static RejectReason reason(Fer2013Row.Problem problem) {
        return switch (problem) {
            case MALFORMED_ROW -> RejectReason.MALFORMED_ROW;
            case BAD_LABEL -> RejectReason.BAD_LABEL;
            case SKIPPED_CLASS -> RejectReason.SKIPPED_CLASS;
            case UNKNOWN_USAGE -> RejectReason.UNKNOWN_USAGE;
            case BAD_PIXEL_COUNT -> RejectReason.BAD_PIXEL_COUNT;
            case BAD_PIXEL_VALUE -> RejectReason.BAD_PIXEL_VALUE;
        };
    }
}
