package io.ferstream.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import io.ferstream.fetcher.fixtures.FerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheMsambareLayoutWithFerLabelsAndSplits() throws IOException {
        Path root = dir.resolve("fer2013");
        write(root.resolve("train/angry/Training_3.png"), FerFixtures.grayPng(FerFixtures.pixels(3), 48, 48));
        write(root.resolve("train/surprise/Training_1.jpg"), jpeg(48, 48, 0x808080));
        write(root.resolve("test/neutral/PublicTest_2.png"), FerFixtures.grayPng(FerFixtures.pixels(2), 48, 48));
        write(root.resolve("test/sad/PrivateTest_5.png"), FerFixtures.grayPng(FerFixtures.pixels(5), 48, 48));
        write(root.resolve(".hidden/happy/x.png"), FerFixtures.grayPng(FerFixtures.pixels(1), 48, 48));
        write(root.resolve("README.txt"), "not an image".getBytes());

        List<SourceEntry> entries = new ArrayList<>();
        try (ImageFolderReader reader = ImageFolderReader.open(root, "fer2013", LabelMap.standard())) {
            assertThat(reader.expectedEntries()).hasValue(4);
            assertThat(reader.ignoredFiles()).isEqualTo(2);
            for (SourceEntry e = reader.next(); e != null; e = reader.next()) {
                entries.add(e);
            }
        }
        // Sorted by relative path.
        assertThat(entries).extracting(e -> ((ImageEntry) e).id()).containsExactly(
                "fer2013:test/neutral/PublicTest_2.png", "fer2013:test/sad/PrivateTest_5.png",
                "fer2013:train/angry/Training_3.png", "fer2013:train/surprise/Training_1.jpg");
        assertThat(entries).extracting(e -> ((ImageEntry) e).label()).containsExactly(
                Emotion.NEUTRAL, Emotion.SAD, Emotion.ANGRY, Emotion.SURPRISE);
        assertThat(entries).extracting(e -> ((ImageEntry) e).split()).containsExactly(
                Split.VALIDATION, Split.TEST, Split.TRAIN, Split.TRAIN);
        ImageEntry angry = (ImageEntry) entries.get(2);
        assertThat(angry.pixels()).isEqualTo(FerFixtures.pixels(3));
        assertThat(angry.location()).isEqualTo("fer2013/train/angry/Training_3.png");
        assertThat(angry.dataset()).isEqualTo("fer2013");
    }

    @Test
    void badFilesAndClassesAreRejectionsNeverSilentlyDropped() throws IOException {
        Path root = dir.resolve("set");
        write(root.resolve("train/contempt/a.png"), FerFixtures.grayPng(FerFixtures.pixels(1), 48, 48));
        write(root.resolve("train/confused/b.png"), FerFixtures.grayPng(FerFixtures.pixels(1), 48, 48));
        write(root.resolve("train/fear/empty.jpg"), new byte[0]);
        write(root.resolve("train/fear/garbage.jpg"), "this is not a jpeg".getBytes());
        write(root.resolve("loose.png"), FerFixtures.grayPng(FerFixtures.pixels(1), 48, 48));
        write(root.resolve("train/fear/good.png"), FerFixtures.grayPng(FerFixtures.pixels(4), 48, 48));

        Map<String, SourceEntry> byLocation = new HashMap<>();
        try (ImageFolderReader reader = ImageFolderReader.open(root, "set", LabelMap.standard())) {
            for (SourceEntry e = reader.next(); e != null; e = reader.next()) {
                byLocation.put(e.location(), e);
            }
        }
        assertThat(byLocation).hasSize(6);
        assertThat(reason(byLocation.get("set/train/contempt/a.png"))).isEqualTo(RejectReason.SKIPPED_CLASS);
        assertThat(reason(byLocation.get("set/train/confused/b.png"))).isEqualTo(RejectReason.UNKNOWN_CLASS);
        assertThat(reason(byLocation.get("set/train/fear/empty.jpg"))).isEqualTo(RejectReason.EMPTY_FILE);
        assertThat(reason(byLocation.get("set/train/fear/garbage.jpg"))).isEqualTo(RejectReason.UNREADABLE_IMAGE);
        assertThat(reason(byLocation.get("set/loose.png"))).isEqualTo(RejectReason.UNKNOWN_CLASS);
        assertThat(((Rejection) byLocation.get("set/train/fear/garbage.jpg")).original())
                .isEqualTo("this is not a jpeg".getBytes());
        assertThat(byLocation.get("set/train/fear/good.png")).isInstanceOf(ImageEntry.class);
    }

    @Test
    void anyImageSizeAndColourBecomes48x48Gray() throws IOException {
        Path root = dir.resolve("colour");
        BufferedImage rgb = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                rgb.setRGB(x, y, 0x00ff00);   // pure green: luma 0.587 * 255 = 149.7 -> 150
            }
        }
        write(root.resolve("happy/green.png"), FerFixtures.encode(rgb, "png"));
        try (ImageFolderReader reader = ImageFolderReader.open(root, "colour", LabelMap.standard())) {
            ImageEntry entry = (ImageEntry) reader.next();
            assertThat(entry.width()).isEqualTo(48);
            assertThat(entry.height()).isEqualTo(48);
            for (byte b : entry.pixels()) {
                assertThat(b & 0xff).isEqualTo(150);
            }
        }
    }

    @Test
    void theMsambareLayoutWrittenFromCsvRowsGivesTheSameLabelsSplitsAndPixels() throws IOException {
        int rows = 70;
        Path csv = FerFixtures.write(dir.resolve("fer2013.csv"), FerFixtures.csv(rows, Map.of()));
        Path folders = FerFixtures.writeMsambare(dir.resolve("msambare"), rows);

        Map<String, ImageEntry> fromCsv = new HashMap<>();
        try (Fer2013CsvReader reader = Fer2013CsvReader.open(csv, "fer2013")) {
            for (SourceEntry e = reader.next(); e != null; e = reader.next()) {
                ImageEntry image = (ImageEntry) e;
                fromCsv.put(image.id().substring("fer2013:".length()), image);
            }
        }
        int compared = 0;
        try (ImageFolderReader reader = ImageFolderReader.open(folders, "fer2013", LabelMap.standard())) {
            for (SourceEntry e = reader.next(); e != null; e = reader.next()) {
                ImageEntry image = (ImageEntry) e;
                String file = image.id().substring(image.id().lastIndexOf('/') + 1);
                int row = Integer.parseInt(file.substring(file.indexOf('_') + 1, file.indexOf('.'))) - 1000;
                ImageEntry twin = fromCsv.get(Integer.toString(row));
                assertThat(image.label()).as(file).isEqualTo(twin.label());
                assertThat(image.split()).as(file).isEqualTo(twin.split());
                assertThat(image.pixels()).as(file).isEqualTo(twin.pixels());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(rows);
    }

    private static RejectReason reason(SourceEntry entry) {
        assertThat(entry).isInstanceOf(Rejection.class);
        return ((Rejection) entry).reason();
    }

    private static byte[] jpeg(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return FerFixtures.encode(image, "jpg");
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
