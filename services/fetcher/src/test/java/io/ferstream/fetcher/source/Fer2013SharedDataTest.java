package io.ferstream.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.ferstream.events.Split;
import io.ferstream.fetcher.fixtures.SharedData;
import io.ferstream.vision.SharedFiles;
import org.junit.jupiter.api.Test;

/** Parses the real FER2013 CSV (no broker) when the development data is there; skips visibly otherwise. */
class Fer2013SharedDataTest {

    @Test
    void parsesEveryRowOfTheRealFile() throws IOException {
        Path csv = SharedFiles.require(Optional.of(SharedData.fer2013Csv()).filter(Files::exists), "FER2013 CSV");
        long[][] classes = new long[Split.values().length][7];
        long images = 0;
        long rejected = 0;
        long start = System.nanoTime();
        long expectedRow = 0;
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(csv, "fer2013")) {
            for (SourceEntry e = reader.next(); e != null; e = reader.next()) {
                if (e instanceof ImageEntry image) {
                    assertThat(image.id()).isEqualTo("fer2013:" + expectedRow);
                    classes[image.split().ordinal()][image.label().ordinal()]++;
                    images++;
                } else {
                    rejected++;
                }
                expectedRow++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Parsed %,d FER2013 rows in %.2f s (%,.0f rows/s, no broker)%n", images, seconds, images / seconds);
        assertThat(rejected).isZero();
        assertThat(images).isEqualTo(35_887);
        assertThat(sum(classes[Split.TRAIN.ordinal()])).isEqualTo(28_709);
        assertThat(sum(classes[Split.VALIDATION.ordinal()])).isEqualTo(3_589);
        assertThat(sum(classes[Split.TEST.ordinal()])).isEqualTo(3_589);
        assertThat(classes[Split.TRAIN.ordinal()]).containsExactly(SharedData.TRAINING_CLASSES);
        long[] test = new long[7];
        for (int c = 0; c < 7; c++) {
            test[c] = classes[Split.VALIDATION.ordinal()][c] + classes[Split.TEST.ordinal()][c];
        }
        assertThat(test).containsExactly(SharedData.TEST_CLASSES_PUBLIC_PLUS_PRIVATE);
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }
}
