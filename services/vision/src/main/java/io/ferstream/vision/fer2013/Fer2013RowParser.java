package io.ferstream.vision.fer2013;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns one data line into a {@link Fer2013Row}: finds the header's columns in it, then checks the
 * label, the Usage and the pixels. Most lines take the fast path (fields located without scanning
 * the pixel field, pixels parsed SWAR); any other line takes the general path, which accepts quoting
 * and odd spacing and names exactly what is wrong. Not thread-safe: it reuses its field arrays.
 */
final class Fer2013RowParser {

    private static final byte[] TRAINING = ascii("training");
    private static final byte[] PUBLIC_TEST = ascii("publictest");
    private static final byte[] PRIVATE_TEST = ascii("privatetest");
    private static final int CLASSES = 7;

    private final Fer2013Header header;
    private final Map<Integer, String> skippedLabels;
    private final int[] fieldStart;
    private final int[] fieldEnd;
    private byte[] line;
    private int lineStart;
    private int lineEnd;

    /**
     * @param skippedLabels labels outside 0..6 that the dataset defines but FER does not (e.g. 7 →
     *                      "contempt"): {@link Fer2013Row.Problem#SKIPPED_CLASS}, not a bad label
     */
    Fer2013RowParser(Fer2013Header header, Map<Integer, String> skippedLabels) {
        this.header = header;
        this.skippedLabels = Map.copyOf(skippedLabels);
        this.fieldStart = new int[header.columns()];
        this.fieldEnd = new int[header.columns()];
    }

    Fer2013Row parse(long index, byte[] bytes, int start, int end) {
        this.line = bytes;
        this.lineStart = start;
        this.lineEnd = end;
        byte[] pixels = new byte[Fer2013Pixels.COUNT];
        if (locateFieldsFast()) {
            int label = parseLabel(header.emotion());
            Usage usage = header.usage() < 0 ? Usage.TRAINING : parseUsage(header.usage());
            if (label >= 0 && label < CLASSES && usage != null
                    && Fer2013Pixels.parseFast(line, fieldStart[header.pixels()], fieldEnd[header.pixels()], pixels)) {
                return new Fer2013Row.Image(index, label, usage, pixels);
            }
        }
        return parseCarefully(index, pixels);
    }

    /** The general path: any quoting or spacing, and the exact reason when the row is bad. */
    private Fer2013Row parseCarefully(long index, byte[] pixels) {
        if (!splitFields()) {
            return bad(index, Fer2013Row.Problem.MALFORMED_ROW, "expected " + header.columns()
                    + " columns as in the header, found " + countFields());
        }
        int label = parseLabel(header.emotion());
        if (label < 0 || label >= CLASSES) {
            String skipped = label >= CLASSES ? skippedLabels.get(label) : null;
            if (skipped != null) {
                return bad(index, Fer2013Row.Problem.SKIPPED_CLASS, "label " + label + " (" + skipped
                        + ") is not one of the 7 FER classes");
            }
            return bad(index, Fer2013Row.Problem.BAD_LABEL, "label '" + abbreviate(text(header.emotion()))
                    + "' is not an integer in 0..6");
        }
        Usage usage = Usage.TRAINING;
        if (header.usage() >= 0) {
            usage = parseUsage(header.usage());
            if (usage == null) {
                return bad(index, Fer2013Row.Problem.UNKNOWN_USAGE, "Usage '" + abbreviate(text(header.usage()))
                        + "' is not Training, PublicTest or PrivateTest");
            }
        }
        Fer2013Pixels.Defect defect = Fer2013Pixels.parse(line, fieldStart[header.pixels()], fieldEnd[header.pixels()],
                pixels);
        if (defect != null) {
            return bad(index, defect.problem(), defect.detail());
        }
        return new Fer2013Row.Image(index, label, usage, pixels);
    }

    private Fer2013Row.Bad bad(long index, Fer2013Row.Problem problem, String detail) {
        return new Fer2013Row.Bad(index, problem, detail, Arrays.copyOfRange(line, lineStart, lineEnd));
    }

    /**
     * Finds the fields without scanning the long pixel field: the fields before it from the left,
     * the ones after it from the right. False when a quote shows up or a comma is missing (then the
     * general {@link #splitFields} decides).
     */
    private boolean locateFieldsFast() {
        int pixelsColumn = header.pixels();
        int from = lineStart;
        for (int field = 0; field < pixelsColumn; field++) {
            int comma = unquotedComma(from, lineEnd, true);
            if (comma < 0) {
                return false;
            }
            setField(field, from, comma);
            from = comma + 1;
        }
        int to = lineEnd;
        for (int field = header.columns() - 1; field > pixelsColumn; field--) {
            int comma = unquotedComma(from, to, false);
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
     * The first (or, {@code fromLeft} false, the last) comma in {@code line[from, to)}; -1 when there
     * is none or a quote comes before it.
     */
    private int unquotedComma(int from, int to, boolean fromLeft) {
        for (int k = 0; k < to - from; k++) {
            int i = fromLeft ? from + k : to - 1 - k;
            if (line[i] == ',') {
                return i;
            }
            if (line[i] == '"') {
                return -1;
            }
        }
        return -1;
    }

    /** Splits the line at commas outside double quotes; trims blanks and quotes. False if the count is wrong. */
    private boolean splitFields() {
        int columns = header.columns();
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

    /** The label, or -1 when the field is not a plain non-negative integer. */
    private int parseLabel(int column) {
        int start = fieldStart[column];
        int end = fieldEnd[column];
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

    /** The Usage, any case; null when it is none of the three. */
    private Usage parseUsage(int column) {
        if (equalsIgnoreCase(column, TRAINING)) {
            return Usage.TRAINING;
        }
        if (equalsIgnoreCase(column, PUBLIC_TEST)) {
            return Usage.PUBLIC_TEST;
        }
        if (equalsIgnoreCase(column, PRIVATE_TEST)) {
            return Usage.PRIVATE_TEST;
        }
        return null;
    }

    private boolean equalsIgnoreCase(int column, byte[] lowerCase) {
        int start = fieldStart[column];
        if (fieldEnd[column] - start != lowerCase.length) {
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

    private String text(int column) {
        return new String(line, fieldStart[column], fieldEnd[column] - fieldStart[column], StandardCharsets.UTF_8);
    }

    /** Details quote at most 40 characters of a bad field. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
