package io.ferstream.pipeline.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.ferstream.events.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fer2013CsvWriterTest {

    @Test
    void writesTheOriginalColumnsAndUsageNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cleaned.csv");
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(file)) {
            writer.write(3, new byte[] {0, 127, (byte) 128, (byte) 255}, Split.TRAIN);
            writer.write(6, new byte[] {1, 2, 3, 4}, Split.VALIDATION);
            writer.write(0, new byte[] {9, 9, 9, 9}, Split.TEST);
        }
        assertThat(Files.readAllLines(file)).containsExactly(
                "emotion,pixels,Usage",
                "3,0 127 128 255,Training",
                "6,1 2 3 4,PublicTest",
                "0,9 9 9 9,PrivateTest");
    }
}
