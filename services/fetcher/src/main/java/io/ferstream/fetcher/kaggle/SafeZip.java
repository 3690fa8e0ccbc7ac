package io.ferstream.fetcher.kaggle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Verifies and unzips an archive without letting any entry escape the target folder or fill the
 * disk. Every entry name is checked before anything is written: absolute paths ({@code /etc/x},
 * {@code C:\x}, {@code \\host\x}), {@code ..} segments that climb out ("zip slip") and NUL characters
 * refuse the whole archive. A zip bomb is refused by {@link Limits}: the number of entries, each
 * entry's and the total uncompressed size, and each entry's compression ratio, counted on the bytes
 * actually inflated (a forged header cannot hide them).
 */
public final class SafeZip {

    /**
     * What an archive may hold: entries, bytes per entry, bytes in all, and uncompressed / compressed
     * bytes per entry once an entry passes {@code ratioFloorBytes} (small files compress freely).
     */
    public record Limits(long maxEntries, long maxEntryBytes, long maxTotalBytes, double maxRatio, long ratioFloorBytes) {

        /**
         * Room for every dataset the fetcher knows (AffectNet's Kaggle copies are a few GB; FER2013's CSV
         * is 301 MB at a ratio near 3), far below what a bomb inflates to. Text and images compress 2–10
         * times; a bomb, a thousand times and more.
         */
        public static final Limits DEFAULT = new Limits(2_000_000, 8L << 30, 64L << 30, 100, 1L << 20);
    }

    private SafeZip() {
    }

    /** Throws unless the file is a readable zip archive (magic bytes and central directory). */
    public static void verify(Path archive) throws IOException {
        verifyHead(archive);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            zip.size();
        } catch (ZipException e) {
            throw new ZipException(archive.getFileName() + " is truncated or damaged (" + e.getMessage()
                    + "); delete it and download it again");
        }
    }

    private static void verifyHead(Path archive) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(archive)) {
            head = in.readNBytes(4);
        }
        boolean magic = head.length == 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
        if (!magic) {
            throw new ZipException(archive.getFileName() + " is not a zip archive (starts with "
                    + printable(head) + "); the server probably sent an error page");
        }
    }

    /**
     * Extracts {@code archive} into {@code target} (created if missing); returns the number of files
     * written.
     *
     * @throws ZipException naming the offending entry when one would land outside {@code target}
     */
    public static int extract(Path archive, Path target) throws IOException {
        return extract(archive, target, Limits.DEFAULT);
    }

    /** {@link #extract(Path, Path)} under other limits. */
    public static int extract(Path archive, Path target, Limits limits) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                resolveInside(root, entry.getName());
                entries.add(entry);
                if (entries.size() > limits.maxEntries()) {
                    throw new ZipException("the archive has more than " + limits.maxEntries()
                            + " entries (a zip bomb?); refusing the whole archive");
                }
            }
            long[] total = {0};
            Files.createDirectories(root);
            int files = 0;
            for (ZipEntry entry : entries) {
                Path destination = resolveInside(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = zip.getInputStream(entry);
                     OutputStream out = Files.newOutputStream(destination)) {
                    copyWithin(entry, in, out, limits, total);
                }
                files++;
            }
            return files;
        }
    }

    /** Copies one entry, counting the inflated bytes against the limits as they come. */
    private static void copyWithin(ZipEntry entry, InputStream in, OutputStream out, Limits limits, long[] total)
            throws IOException {
        long compressed = entry.getCompressedSize();
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            written += n;
            total[0] += n;
            if (written > limits.maxEntryBytes()) {
                throw new ZipException("zip entry '" + entry.getName() + "' inflates past " + limits.maxEntryBytes()
                        + " bytes (a zip bomb?); refusing the whole archive");
            }
            if (total[0] > limits.maxTotalBytes()) {
                throw new ZipException("the archive inflates past " + limits.maxTotalBytes()
                        + " bytes in all (a zip bomb?); refusing the whole archive");
            }
            if (written > limits.ratioFloorBytes() && compressed > 0 && (double) written / compressed > limits.maxRatio()) {
                throw new ZipException(String.format(java.util.Locale.ROOT, "zip entry '%s' inflates more than %.0f times "
                        + "its compressed size (a zip bomb?); refusing the whole archive", entry.getName(), limits.maxRatio()));
            }
            out.write(buffer, 0, n);
        }
    }

    /** Where an entry goes, or a ZipException when its name is absolute or climbs out of {@code root}. */
    static Path resolveInside(Path root, String name) throws ZipException {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new ZipException("unsafe zip entry name '" + name.replace('\0', '?') + "': empty or has a NUL");
        }
        String slashed = name.replace('\\', '/');
        if (slashed.startsWith("/") || (slashed.length() > 1 && slashed.charAt(1) == ':')) {
            throw new ZipException("unsafe zip entry '" + name + "': absolute path; refusing the whole archive");
        }
        Path destination = root.resolve(slashed).normalize();
        if (destination.equals(root) && slashed.endsWith("/")) {
            return destination;
        }
        if (!destination.startsWith(root) || destination.equals(root)) {
            throw new ZipException("unsafe zip entry '" + name + "': it would be written outside "
                    + root.getFileName() + " (zip slip); refusing the whole archive");
        }
        return destination;
    }

    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder("'");
        for (byte b : bytes) {
            text.append(b >= 32 && b < 127 ? (char) b : '?');
        }
        return text.append("'").toString();
    }
}
