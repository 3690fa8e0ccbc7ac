package io.ferstream.fetcher.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;

/**
 * Streams a FER2013-format CSV: a header naming the columns {@code emotion}, {@code pixels} and
 * (optionally) {@code Usage} in any order, then one image per row with 48x48 = 2,304 space-separated
 * 8-bit pixel values. Covers the original {@code fer2013.csv} ({@code emotion,pixels,Usage}), the
 * {@code icml_face_data.csv} variant ({@code emotion, Usage, pixels}: leading spaces in the header)
 * and the CK+ {@code ckextended.csv}. Plain, gzip or zip, recognised by magic bytes.
 *
 * <p>Memory stays flat whatever the file size: the reader holds one read buffer and one line.
 * Pixels are parsed by hand from the line's bytes (no strings, no split).
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

    public static final int SIDE = 48;
    public static final int PIXELS = SIDE * SIDE;

    private static final Emotion[] EMOTIONS = Emotion.values();
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] TRAINING = ascii("training");
    private static final byte[] PUBLIC_TEST = ascii("publictest");
    private static final byte[] PRIVATE_TEST = ascii("privatetest");

    private final InputStream in;
    private final String fileName;
    private final String dataset;
    private final Map<Integer, String> skippedLabels;
    private final byte[] buffer = new byte[1 << 20];
    private int bufferPos;
    private int bufferLimit;
    /** Holds a line that straddles two buffer fills. */
    private byte[] spill = new byte[16 * 1024];
    /** The current line is {@code line[lineStart, lineEnd)}: a view of the buffer, or of the spill. */
    private byte[] line;
    private int lineStart;
    private int lineEnd;
    private final int columns;
    private final int emotionColumn;
    private final int pixelsColumn;
    private final int usageColumn;
    private final int[] fieldStart;
    private final int[] fieldEnd;
    private long row;

    /**
     * Reads from {@code in} (already decompressed), starting with the header line.
     *
     * @param fileName      the file's name, for locations
     * @param skippedLabels labels outside 0..6 that the dataset defines but FER does not (e.g. 7 →
     *                      "contempt"): rejected as {@link RejectReason#SKIPPED_CLASS}, not as bad
     */
    public Fer2013CsvReader(InputStream in, String fileName, String dataset, Map<Integer, String> skippedLabels)
            throws IOException {
        this.in = in;
        this.fileName = fileName;
        this.dataset = dataset;
        this.skippedLabels = Map.copyOf(skippedLabels);
        if (!readLine()) {
            throw new IOException(fileName + " is empty: expected a header with emotion and pixels columns");
        }
        String header = new String(line, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] names = header.split(",", -1);
        int emotion = -1;
        int pixels = -1;
        int usage = -1;
        for (int i = 0; i < names.length; i++) {
            String name = names[i].trim().replace("\"", "").toLowerCase(Locale.ROOT);
            switch (name) {
                case "emotion" -> emotion = i;
                case "pixels" -> pixels = i;
                case "usage" -> usage = i;
                default -> { }
            }
        }
        if (emotion < 0 || pixels < 0) {
            throw new IOException(fileName + " is not a FER2013 CSV: its header '" + abbreviate(header)
                    + "' lacks an emotion or a pixels column");
        }
        this.columns = names.length;
        this.emotionColumn = emotion;
        this.pixelsColumn = pixels;
        this.usageColumn = usage;
        this.fieldStart = new int[columns];
        this.fieldEnd = new int[columns];
    }

    /** Opens a plain, gzip or zip FER CSV file. */
    public static Fer2013CsvReader open(Path file, String dataset, Map<Integer, String> skippedLabels) throws IOException {
        InputStream in = InputFormats.openText(file);
        try {
            return new Fer2013CsvReader(in, file.getFileName().toString(), dataset, skippedLabels);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public static Fer2013CsvReader open(Path file, String dataset) throws IOException {
        return open(file, dataset, Map.of());
    }

    /** Whether the file's header names an emotion and a pixels column (whatever its compression). */
    public static boolean isFerCsv(Path file) {
        try (Fer2013CsvReader probe = open(file, "probe")) {
            return probe.pixelsColumn >= 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
        if (!readDataLine()) {
            return null;
        }
        long index = row++;
        String location = fileName + "#row=" + index;
        byte[] pixels = new byte[PIXELS];
        if (locateFieldsFast()) {
            int label = parseLabel(fieldStart[emotionColumn], fieldEnd[emotionColumn]);
            Split split = usageColumn < 0 ? Split.TRAIN : parseUsage(fieldStart[usageColumn], fieldEnd[usageColumn]);
            if (label >= 0 && label <= 6 && split != null
                    && parsePixelsFast(fieldStart[pixelsColumn], fieldEnd[pixelsColumn], pixels)) {
                return new ImageEntry(dataset + ":" + index, dataset, split, EMOTIONS[label], SIDE, SIDE, pixels, location);
            }
        }
        return parseCarefully(index, location, pixels);
    }

    /** The general path: any quoting or spacing, and the exact reason when the row is bad. */
    private SourceEntry parseCarefully(long index, String location, byte[] pixels) {
        if (!splitFields()) {
            return reject(RejectReason.MALFORMED_ROW, "expected " + columns + " columns as in the header, found "
                    + countFields(), location);
        }
        int label = parseLabel(fieldStart[emotionColumn], fieldEnd[emotionColumn]);
        if (label < 0 || label > 6) {
            String text = text(emotionColumn);
            String skipped = label > 6 ? skippedLabels.get(label) : null;
            if (skipped != null) {
                return reject(RejectReason.SKIPPED_CLASS, "label " + label + " (" + skipped
                        + ") is not one of the 7 FER classes", location);
            }
            return reject(RejectReason.BAD_LABEL, "label '" + abbreviate(text) + "' is not an integer in 0..6", location);
        }
        Split split = Split.TRAIN;
        if (usageColumn >= 0) {
            split = parseUsage(fieldStart[usageColumn], fieldEnd[usageColumn]);
            if (split == null) {
                return reject(RejectReason.UNKNOWN_USAGE, "Usage '" + abbreviate(text(usageColumn))
                        + "' is not Training, PublicTest or PrivateTest", location);
            }
        }
        String pixelProblem = parsePixels(fieldStart[pixelsColumn], fieldEnd[pixelsColumn], pixels);
        if (pixelProblem != null) {
            RejectReason reason = pixelProblem.startsWith("found ") ? RejectReason.BAD_PIXEL_COUNT
                    : RejectReason.BAD_PIXEL_VALUE;
            return reject(reason, pixelProblem, location);
        }
        return new ImageEntry(dataset + ":" + index, dataset, split, EMOTIONS[label], SIDE, SIDE, pixels, location);
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && readDataLine()) {
            row++;
            skipped++;
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private Rejection reject(RejectReason reason, String detail, String location) {
        return new Rejection(reason, detail, location, Arrays.copyOfRange(line, lineStart, lineEnd));
    }

    /**
     * The common layout only: 2,304 values of 1 to 3 digits, each at most 255, single spaces between
     * them. False for anything else (then {@link #parsePixels} finds out what is wrong, if anything).
     *
     * <p>Branch-light (SWAR): for each 64-byte block a bit mask of its spaces is built 8 bytes at a
     * time; the tokens are then walked from space to space, each token's up to 3 digits read as one
     * int, checked and combined without a branch per character. Tokens after the last full block go
     * through a plain loop.
     */
    private boolean parsePixelsFast(int start, int end, byte[] out) {
        byte[] l = line;
        int count = 0;
        int token = start;
        int block = start;
        while (block + 64 <= end) {
            long spaces = 0;
            for (int k = 0; k < 8; k++) {
                long t = (long) LONG_LE.get(l, block + (k << 3)) ^ 0x2020202020202020L;
                long zero = ~(((t & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | t | 0x7F7F7F7F7F7F7F7FL);
                spaces |= ((zero * 0x0002040810204081L) >>> 56) << (k << 3);
            }
            while (spaces != 0) {
                int space = block + Long.numberOfTrailingZeros(spaces);
                spaces &= spaces - 1;
                int length = space - token;
                if (length < 1 || length > 3 || count == PIXELS) {
                    return false;
                }
                int mask = (1 << (length << 3)) - 1;
                int digits = (int) INT_LE.get(l, token) & mask;
                // Each of the token's bytes must be '0'..'9': high nibble 3, and low nibble + 6 < 16.
                if ((digits & 0xF0F0F0F0) != (0x30303030 & mask)
                        || (((digits & 0x0F0F0F0F) + 0x06060606) & 0xF0F0F0F0 & mask) != 0) {
                    return false;
                }
                int aligned = (digits & 0x0F0F0F0F) << ((3 - length) << 3);
                int value = (aligned & 0xFF) * 100 + ((aligned >>> 8) & 0xFF) * 10 + ((aligned >>> 16) & 0xFF);
                if (value > 255) {
                    return false;
                }
                out[count++] = (byte) value;
                token = space + 1;
            }
            block += 64;
            if (token + 3 < block) {
                return false;                            // 4 or more characters without a space
            }
        }
        int i = token;
        while (i < end) {
            if (count == PIXELS) {
                return false;
            }
            int value = 0;
            int length = 0;
            while (i < end && l[i] != ' ') {
                int digit = l[i] - '0';
                if (digit < 0 || digit > 9 || ++length > 3) {
                    return false;
                }
                value = value * 10 + digit;
                i++;
            }
            if (length == 0 || value > 255) {
                return false;
            }
            out[count++] = (byte) value;
            if (i < end) {
                i++;
                if (i == end) {
                    return false;                        // a trailing space
                }
            }
        }
        return count == PIXELS;
    }

    /**
     * Finds the fields without scanning the long pixel field: the fields before it from the left,
     * the ones after it from the right. False when a quote shows up or a comma is missing (then the
     * general {@link #splitFields} decides).
     */
    private boolean locateFieldsFast() {
        int from = lineStart;
        for (int field = 0; field < pixelsColumn; field++) {
            int comma = -1;
            for (int i = from; i < lineEnd; i++) {
                byte c = line[i];
                if (c == ',') {
                    comma = i;
                    break;
                }
                if (c == '"') {
                    return false;
                }
            }
            if (comma < 0) {
                return false;
            }
            setField(field, from, comma);
            from = comma + 1;
        }
        int to = lineEnd;
        for (int field = columns - 1; field > pixelsColumn; field--) {
            int comma = -1;
            for (int i = to - 1; i >= from; i--) {
                byte c = line[i];
                if (c == ',') {
                    comma = i;
                    break;
                }
                if (c == '"') {
                    return false;
                }
            }
            if (comma < 0) {
                return false;
            }
            setField(field, comma + 1, to);
            to = comma;
        }
        setField(pixelsColumn, from, to);
        return true;
    }

    /**
     * Parses the pixel field into {@code out}; returns null when it holds exactly 2,304 values in
     * 0..255, else the problem ("found N values ..." for a wrong count, checked first).
     */
    private String parsePixels(int start, int end, byte[] out) {
        int count = 0;
        int firstBad = -1;
        int firstBadStart = 0;
        int firstBadEnd = 0;
        byte[] l = line;
        int i = start;
        while (i < end) {
            byte c = l[i];
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int tokenStart = i;
            int value = 0;
            boolean ok = true;
            while (i < end && (c = l[i]) != ' ' && c != '\t') {
                int digit = c - '0';
                if (digit < 0 || digit > 9) {
                    ok = false;
                } else if (value <= 255) {
                    value = value * 10 + digit;
                }
                i++;
            }
            if (ok && value > 255) {
                ok = false;
            }
            if (ok) {
                if (count < PIXELS) {
                    out[count] = (byte) value;
                }
            } else if (firstBad < 0) {
                firstBad = count;
                firstBadStart = tokenStart;
                firstBadEnd = i;
            }
            count++;
        }
        if (count != PIXELS) {
            return "found " + count + " pixel values, expected " + PIXELS + " (48x48)";
        }
        if (firstBad >= 0) {
            String token = new String(l, firstBadStart, firstBadEnd - firstBadStart, StandardCharsets.UTF_8);
            return "pixel " + firstBad + " is '" + abbreviate(token) + "', not a whole number in 0..255";
        }
        return null;
    }

    /** The label, or -1 when the field is not a plain non-negative integer. */
    private int parseLabel(int start, int end) {
        if (start >= end || end - start > 6) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private Split parseUsage(int start, int end) {
        if (equalsIgnoreCase(start, end, TRAINING)) {
            return Split.TRAIN;
        }
        if (equalsIgnoreCase(start, end, PUBLIC_TEST)) {
            return Split.VALIDATION;
        }
        if (equalsIgnoreCase(start, end, PRIVATE_TEST)) {
            return Split.TEST;
        }
        return null;
    }

    private boolean equalsIgnoreCase(int start, int end, byte[] lowerCase) {
        if (end - start != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            int c = line[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    /** Splits the line at commas outside double quotes; trims blanks and quotes. False if the count is wrong. */
    private boolean splitFields() {
        int field = 0;
        int start = lineStart;
        boolean quoted = false;
        for (int i = lineStart; i < lineEnd; i++) {
            byte c = line[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                if (field >= columns - 1) {
                    return false;
                }
                setField(field++, start, i);
                start = i + 1;
            }
        }
        if (field != columns - 1) {
            return false;
        }
        setField(field, start, lineEnd);
        return true;
    }

    private void setField(int field, int start, int end) {
        while (start < end && (line[start] == ' ' || line[start] == '\t' || line[start] == '"')) {
            start++;
        }
        while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '"')) {
            end--;
        }
        fieldStart[field] = start;
        fieldEnd[field] = end;
    }

    private int countFields() {
        int count = 1;
        boolean quoted = false;
        for (int i = lineStart; i < lineEnd; i++) {
            if (line[i] == '"') {
                quoted = !quoted;
            } else if (line[i] == ',' && !quoted) {
                count++;
            }
        }
        return count;
    }

    private String text(int column) {
        return new String(line, fieldStart[column], fieldEnd[column] - fieldStart[column], StandardCharsets.UTF_8);
    }

    /** Reads the next line that is not blank. */
    private boolean readDataLine() throws IOException {
        while (readLine()) {
            for (int i = lineStart; i < lineEnd; i++) {
                byte c = line[i];
                if (c != ' ' && c != '\t') {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Reads one line (without its \n or \r\n) and points {@link #line} at it: inside the read buffer
     * when it lies there entirely (no copy), else in the spill array. False at the end of input.
     */
    private boolean readLine() throws IOException {
        if (bufferPos >= bufferLimit && !fill()) {
            return false;
        }
        int newline = indexOfNewline(bufferPos, bufferLimit);
        if (newline >= 0) {
            line = buffer;
            lineStart = bufferPos;
            lineEnd = newline;
            bufferPos = newline + 1;
        } else {
            int length = 0;
            while (true) {
                int end = newline < 0 ? bufferLimit : newline;
                int part = end - bufferPos;
                if (length + part > spill.length) {
                    spill = Arrays.copyOf(spill, Math.max(spill.length * 2, length + part));
                }
                System.arraycopy(buffer, bufferPos, spill, length, part);
                length += part;
                if (newline >= 0) {
                    bufferPos = newline + 1;
                    break;
                }
                bufferPos = bufferLimit;
                if (!fill()) {
                    break;
                }
                newline = indexOfNewline(bufferPos, bufferLimit);
            }
            line = spill;
            lineStart = 0;
            lineEnd = length;
        }
        if (lineEnd > lineStart && line[lineEnd - 1] == '\r') {
            lineEnd--;
        }
        return true;
    }

    /** The first '\n' in {@code buffer[from, to)}, 8 bytes at a time; -1 if none. */
    private int indexOfNewline(int from, int to) {
        byte[] b = buffer;
        int i = from;
        while (i + 8 <= to) {
            long word = (long) LONG_LE.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long found = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Refills the buffer; false at the end of input. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            bufferPos = 0;
            bufferLimit = 0;
            return false;
        }
        bufferPos = 0;
        bufferLimit = n;
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
