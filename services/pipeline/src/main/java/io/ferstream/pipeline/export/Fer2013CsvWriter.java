package io.ferstream.pipeline.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.ferstream.events.Split;

/**
 * Writes images in the original FER2013 CSV format ({@code emotion,pixels,Usage}; pixels as
 * space-separated grey values, row-major), so tools written for FER2013 read the cleaned set as is.
 * TRAIN is written as Training, VALIDATION as PublicTest, TEST as PrivateTest. Written by Jackson's CSV
 * generator, like the run's other CSV files.
 */
public final class Fer2013CsvWriter implements AutoCloseable {

    private static final CsvSchema SCHEMA = CsvSchema.builder().addColumn("emotion", CsvSchema.ColumnType.NUMBER)
            .addColumn("pixels").addColumn("Usage").build().withHeader();

    private final BufferedWriter out;
    private final SequenceWriter rows;
    private final StringBuilder pixelText = new StringBuilder(48 * 48 * 4);

    public Fer2013CsvWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        // Strict quoting: a pixel string is quoted only if it must be, so the file matches the original byte for byte.
        this.rows = new CsvMapper().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).writer(SCHEMA).writeValues(out);
    }

    /** Appends one image; labels are FER indices 0..6. */
    public void write(int label, byte[] pixels, Split split) throws IOException {
        pixelText.setLength(0);
        for (int i = 0; i < pixels.length; i++) {
            if (i > 0) {
                pixelText.append(' ');
            }
            pixelText.append(pixels[i] & 0xff);
        }
        rows.write(new Object[] {label, pixelText.toString(), usage(split)});
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
        rows.close();
        out.close();
    }
}
