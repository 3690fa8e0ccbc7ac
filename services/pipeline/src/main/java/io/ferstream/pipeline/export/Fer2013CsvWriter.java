package io.ferstream.pipeline.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ferstream.events.Split;

/**
 * Writes images in the original FER2013 CSV format ({@code emotion,pixels,Usage}; pixels as
 * space-separated grey values, row-major), so tools written for FER2013 read the cleaned set as is.
 * TRAIN is written as Training, VALIDATION as PublicTest, TEST as PrivateTest.
 */
public final class Fer2013CsvWriter implements AutoCloseable {

    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(48 * 48 * 4 + 32);

    public Fer2013CsvWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        out.write("emotion,pixels,Usage\n");
    }

    /** Appends one image; labels are FER indices 0..6. */
    public void write(int label, byte[] pixels, Split split) throws IOException {
        line.setLength(0);
        line.append(label).append(',');
        for (int i = 0; i < pixels.length; i++) {
            if (i > 0) {
                line.append(' ');
            }
            line.append(pixels[i] & 0xff);
        }
        line.append(',').append(usage(split)).append('\n');
        out.append(line);
    }

    static String usage(Split split) {
        return switch (split) {
            case TRAIN -> "Training";
            case VALIDATION -> "PublicTest";
            case TEST -> "PrivateTest";
            case LIVE -> throw new IllegalArgumentException("LIVE images have no FER2013 Usage");
        };
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
