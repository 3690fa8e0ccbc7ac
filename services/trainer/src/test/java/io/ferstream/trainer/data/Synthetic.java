package io.ferstream.trainer.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Assumptions;

/** Generated 48×48 faces-that-are-not-faces for fast tests: class c is a bright bar at row 4 + 6c on noise. */
public final class Synthetic {

    private Synthetic() {
    }

    public static ImageSet images(int n, long seed) {
        Random rnd = new Random(seed);
        byte[][] pixels = new byte[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 7;
            labels[i] = c;
            byte[] p = new byte[ImageSet.AREA];
            for (int k = 0; k < p.length; k++) {
                p[k] = (byte) (60 + rnd.nextInt(40));
            }
            int top = 4 + 6 * c;
            for (int y = top; y < top + 4; y++) {
                for (int x = 8; x < 40; x++) {
                    p[y * 48 + x] = (byte) (200 + rnd.nextInt(40));
                }
            }
            pixels[i] = p;
        }
        return new ImageSet(pixels, labels);
    }

    /** A FER2013-format CSV with the given numbers of Training / PublicTest / PrivateTest rows. */
    public static Path csv(Path file, int train, int validation, int test, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream os = gzip ? new GZIPOutputStream(raw) : raw;
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            w.write("emotion,pixels,Usage\n");
            write(w, images(train, 1), "Training");
            write(w, images(validation, 2), "PublicTest");
            write(w, images(test, 3), "PrivateTest");
        }
        return file;
    }

    private static void write(Writer w, ImageSet set, String usage) throws IOException {
        for (int i = 0; i < set.size(); i++) {
            StringBuilder b = new StringBuilder().append(set.labels()[i]).append(',');
            byte[] p = set.pixels()[i];
            for (int k = 0; k < p.length; k++) {
                if (k > 0) {
                    b.append(' ');
                }
                b.append(p[k] & 0xFF);
            }
            w.write(b.append(',').append(usage).append('\n').toString());
        }
    }

    /** A file under {@code shared/} beside the repository, or a visible skip. */
    public static Path sharedOrSkip(String relative) {
        Optional<Path> found = Optional.empty();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && found.isEmpty(); dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                found = Optional.of(candidate);
            }
        }
        if (found.isEmpty()) {
            System.out.println("SKIPPED: shared/" + relative + " not found beside the repository");
        }
        Assumptions.assumeTrue(found.isPresent(), "shared/" + relative + " not found beside the repository");
        return found.get();
    }
}
