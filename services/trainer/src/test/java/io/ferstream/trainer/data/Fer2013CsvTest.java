package io.ferstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.ferstream.events.Split;
import io.ferstream.vision.fer2013.Fer2013Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fer2013CsvTest {

    @Test
    void readsPlainAndGzipIntoSplits(@TempDir Path dir) throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            Path f = Synthetic.csv(dir.resolve(gz ? "a.csv.gz" : "a.csv"), 9, 4, 3, gz);
            Map<Split, ImageSet> s = Fer2013Csv.read(f);
            assertThat(s.get(Split.TRAIN).size()).isEqualTo(9);
            assertThat(s.get(Split.VALIDATION).size()).isEqualTo(4);
            assertThat(s.get(Split.TEST).size()).isEqualTo(3);
            ImageSet expected = Synthetic.images(9, 1);
            assertThat(s.get(Split.TRAIN).pixels()[8]).isEqualTo(expected.pixels()[8]);
            assertThat(s.get(Split.TRAIN).labels()).isEqualTo(expected.labels());
        }
    }

    @Test
    void headerInAnyOrderAndNoUsageMeansTrain(@TempDir Path dir) throws IOException {
        String px = "7 " .repeat(2303) + "255";
        Path f = Files.writeString(dir.resolve("b.csv"), " pixels,emotion\n\"" + px + "\",3\n");
        ImageSet train = Fer2013Csv.read(f).get(Split.TRAIN);
        assertThat(train.labels()).containsExactly(3);
        assertThat(train.pixels()[0][0]).isEqualTo((byte) 7);
        assertThat(train.pixels()[0][2303]).isEqualTo((byte) 255);
        assertThat(train.limit(0).size()).isZero();
        assertThat(train.counts()[3]).isEqualTo(1);
    }

    @Test
    void badRowsAreSkippedAndCountedByReason(@TempDir Path dir) throws IOException {
        String ok = "1 ".repeat(2303) + "1";
        Path f = Files.writeString(dir.resolve("c.csv"), "emotion,pixels,Usage\n"
                + "0," + ok + ",Training\n"
                + "9," + ok + ",Training\n"
                + "2,1 2 3,Training\n"
                + "4," + ok + ",Other\n"
                + "5," + ok + ",PrivateTest\n");
        Fer2013Csv.Contents contents = Fer2013Csv.load(f);
        assertThat(contents.splits().get(Split.TRAIN).labels()).containsExactly(0);
        assertThat(contents.splits().get(Split.TEST).labels()).containsExactly(5);
        assertThat(contents.skipped()).containsExactly(entry(Fer2013Row.Problem.BAD_LABEL, 1L),
                entry(Fer2013Row.Problem.UNKNOWN_USAGE, 1L), entry(Fer2013Row.Problem.BAD_PIXEL_COUNT, 1L));
        assertThat(Fer2013Csv.read(f).get(Split.TRAIN).size()).isEqualTo(1);
    }

    @Test
    void aFileWithoutEmotionAndPixelsColumnsFails(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Fer2013Csv.read(Files.writeString(dir.resolve("f.csv"), "label,data\n")))
                .hasMessageContaining("f.csv").hasMessageContaining("lacks an emotion or a pixels column");
    }
}
