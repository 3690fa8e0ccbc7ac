package io.ferstream.vision.fer2013;

import java.io.IOException;
import java.util.Locale;

/**
 * Which column of a FER2013 CSV is which: the header names {@code emotion}, {@code pixels} and
 * optionally {@code Usage} in any order, case, spacing or quoting (a UTF-8 BOM is ignored).
 *
 * @param usage the Usage column, or -1 when the file has none (then every row is TRAINING)
 */
record Fer2013Header(int columns, int emotion, int pixels, int usage) {

    /** @throws IOException when the header lacks an emotion or a pixels column */
    static Fer2013Header parse(String line, String fileName) throws IOException {
        String header = line.startsWith("\uFEFF") ? line.substring(1) : line;
        String[] names = header.split(",", -1);
        int emotion = -1;
        int pixels = -1;
        int usage = -1;
        for (int i = 0; i < names.length; i++) {
            switch (names[i].trim().replace("\"", "").toLowerCase(Locale.ROOT)) {
                case "emotion" -> emotion = i;
                case "pixels" -> pixels = i;
                case "usage" -> usage = i;
                default -> { }
            }
        }
        if (emotion < 0 || pixels < 0) {
            throw new IOException(fileName + " is not a FER2013 CSV: its header '" + Fer2013RowParser.abbreviate(header)
                    + "' lacks an emotion or a pixels column");
        }
        return new Fer2013Header(names.length, emotion, pixels, usage);
    }
}
