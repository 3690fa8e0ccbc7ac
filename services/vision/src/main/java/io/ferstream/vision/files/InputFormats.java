package io.ferstream.vision.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Recognises files by their first bytes (never by their extension) and opens compressed text
 * transparently: gzip ({@code 1f 8b}), a zip archive holding a CSV ({@code PK 03 04}), or plain.
 */
public final class InputFormats {

    /** What a file is, by its magic bytes. */
    public enum Kind { GZIP, ZIP, JPEG, PNG, GIF, BMP, EMPTY, OTHER }

    private static final int BUFFER = 1 << 16;
    /** Decompressed bytes are read ahead on a background thread in chunks of this size. */
    private static final int CHUNK = 1 << 20;

    private InputFormats() {
    }

    public static Kind sniff(Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return sniff(head, n);
    }

    public static Kind sniff(byte[] head, int length) {
        if (length == 0) {
            return Kind.EMPTY;
        }
        if (startsWith(head, length, 0x1f, 0x8b)) {
            return Kind.GZIP;
        }
        if (startsWith(head, length, 'P', 'K', 3, 4) || startsWith(head, length, 'P', 'K', 5, 6)) {
            return Kind.ZIP;
        }
        if (startsWith(head, length, 0xff, 0xd8, 0xff)) {
            return Kind.JPEG;
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G')) {
            return Kind.PNG;
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8')) {
            return Kind.GIF;
        }
        if (startsWith(head, length, 'B', 'M')) {
            return Kind.BMP;
        }
        return Kind.OTHER;
    }

    public static boolean isImage(Kind kind) {
        return kind == Kind.JPEG || kind == Kind.PNG || kind == Kind.GIF || kind == Kind.BMP;
    }

    /**
     * Opens a text file for reading, decompressing gzip (also multi-member) and, for a zip archive,
     * reading its first {@code .csv} entry. Decompression runs ahead on a background thread.
     */
    public static InputStream openText(Path file) throws IOException {
        Kind kind = sniff(file);
        InputStream raw = Files.newInputStream(file);
        try {
            switch (kind) {
                case GZIP:
                    return new PrefetchingInputStream(new GZIPInputStream(raw, BUFFER), CHUNK, 4,
                            file.getFileName().toString());
                case ZIP:
                    ZipInputStream zip = new ZipInputStream(new BufferedInputStream(raw, BUFFER));
                    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                        if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                            return new PrefetchingInputStream(zip, CHUNK, 4, file.getFileName().toString());
                        }
                    }
                    zip.close();
                    throw new IOException(file.getFileName() + " is a zip archive without a .csv entry;"
                            + " extract it and pass the folder instead");
                default:
                    return raw;
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
