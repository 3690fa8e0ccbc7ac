package io.ferstream.trainer;

import io.ferstream.model.FerClasses;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import io.ferstream.events.Split;

/**
 * Reads a FER2013-format CSV, plain or gzip (detected from the first bytes): a header naming
 * {@code emotion}, {@code pixels} and optionally {@code Usage} in any order, then one image per row
 * with 2,304 space-separated values 0..255. Usage maps Training → TRAIN, PublicTest → VALIDATION,
 * PrivateTest → TEST; without a Usage column every row is TRAIN. The pipeline's cleaned export has
 * the same format. Any malformed row fails the read with its line number.
 */
public final class Fer2013Csv {

    /** FER2013's class order (index = label). */
    public static final List<String> CLASSES = FerClasses.NAMES;

    private Fer2013Csv() {
    }

    /** Every split found in the file (absent splits map to empty sets). */
    public static Map<Split, ImageSet> read(Path file) throws IOException {
        Map<Split, List<byte[]>> pixels = new EnumMap<>(Split.class);
        Map<Split, List<Integer>> labels = new EnumMap<>(Split.class);
        for (Split s : List.of(Split.TRAIN, Split.VALIDATION, Split.TEST)) {
            pixels.put(s, new ArrayList<>());
            labels.put(s, new ArrayList<>());
        }
        try (BufferedReader in = open(file)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException(file + ": empty file");
            }
            String[] names = header.split(",", -1);
            int emotion = -1;
            int pix = -1;
            int usage = -1;
            for (int i = 0; i < names.length; i++) {
                switch (names[i].trim().toLowerCase(Locale.ROOT)) {
                    case "emotion" -> emotion = i;
                    case "pixels" -> pix = i;
                    case "usage" -> usage = i;
                    default -> { }
                }
            }
            if (emotion < 0 || pix < 0) {
                throw new IOException(file + ": header must name emotion and pixels, got '" + header + "'");
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != names.length) {
                    throw new IOException(file + ":" + lineNo + ": expected " + names.length + " fields, got " + f.length);
                }
                int label = parseLabel(f[emotion].trim(), file, lineNo);
                Split split = usage < 0 ? Split.TRAIN : parseUsage(f[usage].trim(), file, lineNo);
                pixels.get(split).add(parsePixels(f[pix], file, lineNo));
                labels.get(split).add(label);
            }
        }
        Map<Split, ImageSet> sets = new EnumMap<>(Split.class);
        for (Split s : pixels.keySet()) {
            sets.put(s, new ImageSet(pixels.get(s).toArray(byte[][]::new),
                    labels.get(s).stream().mapToInt(Integer::intValue).toArray()));
        }
        return sets;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static int parseLabel(String s, Path file, int lineNo) throws IOException {
        try {
            int v = Integer.parseInt(s);
            if (v >= 0 && v < CLASSES.size()) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IOException(file + ":" + lineNo + ": emotion must be 0..6, got '" + s + "'");
    }

    private static Split parseUsage(String s, Path file, int lineNo) throws IOException {
        return switch (s) {
            case "Training" -> Split.TRAIN;
            case "PublicTest" -> Split.VALIDATION;
            case "PrivateTest" -> Split.TEST;
            default -> throw new IOException(file + ":" + lineNo + ": unknown Usage '" + s + "'");
        };
    }

    private static byte[] parsePixels(String s, Path file, int lineNo) throws IOException {
        byte[] out = new byte[ImageSet.AREA];
        int n = 0;
        int value = -1;
        for (int i = 0, len = s.length(); i <= len; i++) {
            char c = i < len ? s.charAt(i) : ' ';
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    throw new IOException(file + ":" + lineNo + ": pixel value above 255");
                }
            } else if (c == ' ' || c == '"') {
                if (value >= 0) {
                    if (n == out.length) {
                        throw new IOException(file + ":" + lineNo + ": more than " + ImageSet.AREA + " pixels");
                    }
                    out[n++] = (byte) value;
                    value = -1;
                }
            } else {
                throw new IOException(file + ":" + lineNo + ": unexpected character '" + c + "' in pixels");
            }
        }
        if (n != out.length) {
            throw new IOException(file + ":" + lineNo + ": expected " + ImageSet.AREA + " pixels, got " + n);
        }
        return out;
    }
}
