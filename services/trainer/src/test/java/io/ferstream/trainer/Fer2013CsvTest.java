package io.ferstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.ferstream.events.Split;
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
    void badRowsNameTheLine(@TempDir Path dir) throws IOException {
        String ok = "1 ".repeat(2303) + "1";
        assertThatThrownBy(() -> Fer2013Csv.read(Files.writeString(dir.resolve("c.csv"),
                "emotion,pixels,Usage\n0," + ok + ",Training\n9," + ok + ",Training\n")))
                .hasMessageContaining("c.csv:3").hasMessageContaining("0..6");
        assertThatThrownBy(() -> Fer2013Csv.read(Files.writeString(dir.resolve("d.csv"),
                "emotion,pixels,Usage\n0,1 2 3,Training\n"))).hasMessageContaining("d.csv:2").hasMessageContaining("got 3");
        assertThatThrownBy(() -> Fer2013Csv.read(Files.writeString(dir.resolve("e.csv"),
                "emotion,pixels,Usage\n0," + ok + ",Other\n"))).hasMessageContaining("Usage 'Other'");
        assertThatThrownBy(() -> Fer2013Csv.read(Files.writeString(dir.resolve("f.csv"),
                "label,data\n"))).hasMessageContaining("emotion and pixels");
    }
}
