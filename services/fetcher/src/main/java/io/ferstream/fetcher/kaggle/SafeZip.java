package io.ferstream.fetcher.kaggle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Verifies and unzips an archive without letting any entry escape the target folder. Every entry
 * name is checked before anything is written: absolute paths ({@code /etc/x}, {@code C:\x},
 * {@code \\host\x}), {@code ..} segments that climb out ("zip slip") and NUL characters refuse the
 * whole archive.
 */
public final class SafeZip {

    private SafeZip() {
    }

    /** Throws unless the file is a readable zip archive (magic bytes and central directory). */
    public static void verify(Path archive) throws IOException {
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
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            zip.size();
        }
    }

    /**
     * Extracts {@code archive} into {@code target} (created if missing); returns the number of files
     * written.
     *
     * @throws ZipException naming the offending entry when one would land outside {@code target}
     */
    public static int extract(Path archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                resolveInside(root, entry.getName());
                entries.add(entry);
            }
            Files.createDirectories(root);
            int files = 0;
            for (ZipEntry entry : entries) {
                Path destination = resolveInside(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                }
                files++;
            }
            return files;
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
