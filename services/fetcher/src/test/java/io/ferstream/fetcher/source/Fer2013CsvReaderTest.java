package io.ferstream.fetcher.source;

import static io.ferstream.fetcher.fixtures.FerFixtures.HEADER;
import static io.ferstream.fetcher.fixtures.FerFixtures.goodRow;
import static io.ferstream.fetcher.fixtures.FerFixtures.pixelText;
import static io.ferstream.fetcher.fixtures.FerFixtures.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import io.ferstream.fetcher.fixtures.FerFixtures;
import io.ferstream.vision.files.InputFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fer2013CsvReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRowsWithIdsSplitsLabelsAndPixels() throws IOException {
        // Row 0: label 0 Training; row 8: label 1 PublicTest; row 9: label 2 PrivateTest.
        String text = HEADER + "\n" + goodRow(0) + "\n" + goodRow(8) + "\n" + goodRow(9) + "\n";
        List<SourceEntry> entries = readAll(FerFixtures.write(dir.resolve("fer2013.csv"), text));

        assertThat(entries).hasSize(3).allMatch(e -> e instanceof ImageEntry);
        ImageEntry first = (ImageEntry) entries.get(0);
        assertThat(first.id()).isEqualTo("fer2013:0");
        assertThat(first.dataset()).isEqualTo("fer2013");
        assertThat(first.location()).isEqualTo("fer2013.csv#row=0");
        assertThat(first.split()).isEqualTo(Split.TRAIN);
        assertThat(first.label()).isEqualTo(Emotion.ANGRY);
        assertThat(first.width()).isEqualTo(48);
        assertThat(first.height()).isEqualTo(48);
        assertThat(first.pixels()).hasSize(2304).isEqualTo(pixels(0));
        ImageEntry second = (ImageEntry) entries.get(1);
        // Data row index 1 (the file's second data line), whatever the generator's row number was.
        assertThat(second.id()).isEqualTo("fer2013:1");
        assertThat(second.split()).isEqualTo(Split.VALIDATION);
        assertThat(second.label()).isEqualTo(Emotion.DISGUST);
        assertThat(second.pixels()[0] & 0xff).isEqualTo(56);   // (8*7 + 0) % 256
        assertThat(second.pixels()[2303] & 0xff).isEqualTo((56 + 2303) % 256);
        ImageEntry third = (ImageEntry) entries.get(2);
        assertThat(third.split()).isEqualTo(Split.TEST);
        assertThat(third.label()).isEqualTo(Emotion.FEAR);
    }

    @Test
    void knowsTheFerLabelOrderAndTheKnownFirstRowOfFer2013() throws IOException {
        StringBuilder text = new StringBuilder(HEADER + "\n");
        for (int label = 0; label < 7; label++) {
            text.append(label).append(',').append(pixelText(label)).append(",Training\n");
        }
        List<SourceEntry> entries = readAll(FerFixtures.write(dir.resolve("labels.csv"), text.toString()));
        assertThat(entries).extracting(e -> ((ImageEntry) e).label()).containsExactly(
                Emotion.ANGRY, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPY, Emotion.SAD, Emotion.SURPRISE,
                Emotion.NEUTRAL);
    }

    @Test
    void detectsGzipByMagicBytesNotByName() throws IOException {
        String text = HEADER + "\n" + goodRow(3) + "\n" + goodRow(4) + "\n";
        Path gzipNamedCsv = FerFixtures.writeGzip(dir.resolve("looks-plain.csv"), text);
        Path plainNamedGz = FerFixtures.write(dir.resolve("looks-gzipped.csv.gz"), text);

        assertThat(InputFormats.sniff(gzipNamedCsv)).isEqualTo(InputFormats.Kind.GZIP);
        assertThat(InputFormats.sniff(plainNamedGz)).isEqualTo(InputFormats.Kind.OTHER);
        List<SourceEntry> fromGzip = readAll(gzipNamedCsv);
        List<SourceEntry> fromPlain = readAll(plainNamedGz);
        assertThat(fromGzip).hasSize(2);
        assertThat(((ImageEntry) fromGzip.get(1)).pixels()).isEqualTo(pixels(4));
        assertThat(((ImageEntry) fromPlain.get(1)).pixels()).isEqualTo(pixels(4));
    }

    @Test
    void readsTheCsvInsideAZip() throws IOException {
        String text = HEADER + "\n" + goodRow(5) + "\n";
        Path zip = dir.resolve("archive.zip");
        Files.write(zip, FerFixtures.zip(Map.of("fer2013/fer2013.csv", text.getBytes(StandardCharsets.UTF_8))));
        List<SourceEntry> entries = readAll(zip);
        assertThat(entries).hasSize(1);
        assertThat(((ImageEntry) entries.get(0)).pixels()).isEqualTo(pixels(5));
    }

    @Test
    void readsTheIcmlVariantWithLeadingSpacesAndOtherColumnOrder() throws IOException {
        String text = "emotion, Usage, pixels\r\n"
                + "3,Training," + pixelText(1) + "\r\n"
                + "6,PrivateTest," + pixelText(2) + "\r\n";
        List<SourceEntry> entries = readAll(FerFixtures.write(dir.resolve("icml_face_data.csv"), text));
        assertThat(entries).hasSize(2);
        ImageEntry a = (ImageEntry) entries.get(0);
        ImageEntry b = (ImageEntry) entries.get(1);
        assertThat(a.label()).isEqualTo(Emotion.HAPPY);
        assertThat(a.split()).isEqualTo(Split.TRAIN);
        assertThat(a.pixels()).isEqualTo(pixels(1));
        assertThat(b.label()).isEqualTo(Emotion.NEUTRAL);
        assertThat(b.split()).isEqualTo(Split.TEST);
        assertThat(b.pixels()).isEqualTo(pixels(2));
    }

    @Test
    void quotedFieldsBomAndBlankLinesAreTolerated() throws IOException {
        String text = "\uFEFF\"emotion\",\"pixels\",\"Usage\"\n\n"
                + "\"4\",\"" + pixelText(6) + "\",\"PublicTest\"\n"
                + "   \n"
                + goodRow(7);   // no newline at the end
        List<SourceEntry> entries = readAll(FerFixtures.write(dir.resolve("quoted.csv"), text));
        assertThat(entries).hasSize(2);
        assertThat(((ImageEntry) entries.get(0)).label()).isEqualTo(Emotion.SAD);
        assertThat(((ImageEntry) entries.get(0)).split()).isEqualTo(Split.VALIDATION);
        // Blank lines are not data rows (as pandas reads the file): the next row is row 1.
        assertThat(((ImageEntry) entries.get(1)).id()).isEqualTo("fer2013:1");
        assertThat(((ImageEntry) entries.get(1)).pixels()).isEqualTo(pixels(7));
    }

    @Test
    void aFileWithoutUsageIsAllTrain() throws IOException {
        String text = "emotion,pixels\n2," + pixelText(9) + "\n";
        ImageEntry entry = (ImageEntry) readAll(FerFixtures.write(dir.resolve("train.csv"), text)).get(0);
        assertThat(entry.split()).isEqualTo(Split.TRAIN);
        assertThat(entry.label()).isEqualTo(Emotion.FEAR);
    }

    @Test
    void everyBadRowKindBecomesARejectionWithReasonLocationAndOriginalLine() throws IOException {
        Map<String, String> bad = FerFixtures.badRows(11);
        StringBuilder text = new StringBuilder(HEADER + "\n");
        List<String> lines = new ArrayList<>(bad.values());
        for (String line : lines) {
            text.append(line).append('\n');
        }
        text.append(goodRow(12)).append('\n');
        List<SourceEntry> entries = readAll(FerFixtures.write(dir.resolve("bad.csv"), text.toString()));

        assertThat(entries).hasSize(11);
        List<String> kinds = new ArrayList<>(bad.keySet());
        for (int i = 0; i < kinds.size(); i++) {
            assertThat(entries.get(i)).as(kinds.get(i)).isInstanceOf(Rejection.class);
            Rejection rejection = (Rejection) entries.get(i);
            assertThat(rejection.location()).isEqualTo("bad.csv#row=" + i);
            assertThat(new String(rejection.original(), StandardCharsets.UTF_8)).isEqualTo(lines.get(i));
            String expectedCode = kinds.get(i).substring(0, kinds.get(i).indexOf('/'));
            assertThat(rejection.reason().code()).as(kinds.get(i)).isEqualTo(expectedCode);
        }
        assertThat(((Rejection) entries.get(0)).detail()).contains("found 2303 pixel values, expected 2304");
        assertThat(((Rejection) entries.get(1)).detail()).contains("found 2305 pixel values");
        assertThat(((Rejection) entries.get(2)).detail()).contains("pixel 0 is '12a'");
        assertThat(((Rejection) entries.get(3)).detail()).contains("pixel 0 is '256'");
        assertThat(((Rejection) entries.get(4)).detail()).contains("pixel 0 is '-1'");
        assertThat(((Rejection) entries.get(5)).detail()).contains("label '7' is not an integer in 0..6");
        assertThat(((Rejection) entries.get(6)).detail()).contains("label '-1'");
        assertThat(((Rejection) entries.get(7)).detail()).contains("label 'x'");
        assertThat(((Rejection) entries.get(8)).detail()).contains("Usage 'Validation'");
        assertThat(((Rejection) entries.get(9)).detail()).contains("expected 3 columns", "found 2");
        // A bad row never stops the reader: the good row after them is read, with its own row index.
        ImageEntry last = (ImageEntry) entries.get(10);
        assertThat(last.id()).isEqualTo("fer2013:10");
        assertThat(last.pixels()).isEqualTo(pixels(12));
    }

    @Test
    void aLabelTheDatasetSkipsOnPurposeIsASkippedClassNotABadLabel() throws IOException {
        String text = HEADER + "\n7," + pixelText(1) + ",Training\n";
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(FerFixtures.write(dir.resolve("ck.csv"), text), "ck_plus",
                Map.of(7, "contempt"))) {
            Rejection rejection = (Rejection) reader.next();
            assertThat(rejection.reason()).isEqualTo(RejectReason.SKIPPED_CLASS);
            assertThat(rejection.detail()).contains("contempt");
        }
    }

    @Test
    void skipsRowsWithoutParsingThemAndKeepsCounting() throws IOException {
        Path file = FerFixtures.write(dir.resolve("many.csv"), FerFixtures.csv(40, Map.of(3, "bad-label/7")));
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(file, "fer2013")) {
            assertThat(reader.skip(25)).isEqualTo(25);
            ImageEntry next = (ImageEntry) reader.next();
            assertThat(next.id()).isEqualTo("fer2013:25");
            assertThat(next.pixels()).isEqualTo(pixels(25));
            assertThat(reader.skip(100)).isEqualTo(14);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void linesLongerThanTheReadBufferAndManyRowsStream() throws IOException {
        // Each row is about 8.5 KB, so rows straddle the 64 KB read buffer many times.
        Path file = FerFixtures.write(dir.resolve("long.csv"), FerFixtures.csv(300, Map.of()));
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(file, "fer2013")) {
            for (int i = 0; i < 300; i++) {
                ImageEntry entry = (ImageEntry) reader.next();
                assertThat(entry.pixels()).as("row %d", i).isEqualTo(pixels(i));
            }
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void refusesAFileThatIsNotAFerCsv() throws IOException {
        Path other = FerFixtures.write(dir.resolve("flags.csv"), "row,flag,detail\n1,x,y\n");
        assertThatThrownBy(() -> Fer2013CsvReader.open(other, "fer2013"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a FER2013 CSV");
        assertThat(Fer2013CsvReader.isFerCsv(other)).isFalse();
        assertThatThrownBy(() -> new Fer2013CsvReader(new ByteArrayInputStream(new byte[0]), "empty.csv", "x", Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("empty");
    }

    private static List<SourceEntry> readAll(Path file) throws IOException {
        List<SourceEntry> entries = new ArrayList<>();
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(file, "fer2013")) {
            for (SourceEntry e = reader.next(); e != null; e = reader.next()) {
                entries.add(e);
            }
        }
        return entries;
    }
}
