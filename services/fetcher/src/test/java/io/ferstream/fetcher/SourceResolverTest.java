package io.ferstream.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.ferstream.events.Split;
import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.fixtures.FerFixtures;
import io.ferstream.fetcher.source.Fer2013CsvReader;
import io.ferstream.fetcher.source.ImageEntry;
import io.ferstream.fetcher.source.ImageFolderReader;
import io.ferstream.fetcher.source.ImageSource;
import io.ferstream.fetcher.source.RejectReason;
import io.ferstream.fetcher.source.Rejection;
import io.ferstream.fetcher.source.SingleImageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceResolverTest {

    @TempDir
    Path dir;

    @Test
    void picksTheReaderByContent() throws IOException {
        Path gz = FerFixtures.writeGzip(dir.resolve("data.bin"), FerFixtures.csv(2, Map.of()));
        try (ImageSource source = SourceResolver.open(gz, null)) {
            assertThat(source).isInstanceOf(Fer2013CsvReader.class);
            assertThat(source.dataset()).isEqualTo("fer2013");
        }
        Path image = Files.write(dir.resolve("upload.png"), FerFixtures.grayPng(FerFixtures.pixels(3), 48, 48));
        try (ImageSource source = SourceResolver.open(image, null)) {
            assertThat(source).isInstanceOf(SingleImageSource.class);
            ImageEntry entry = (ImageEntry) source.next();
            assertThat(entry.id()).isEqualTo("upload:upload.png");
            assertThat(entry.split()).isEqualTo(Split.LIVE);
            assertThat(entry.label()).isNull();
            assertThat(entry.pixels()).isEqualTo(FerFixtures.pixels(3));
            assertThat(source.next()).isNull();
        }
        Path folder = FerFixtures.writeMsambare(dir.resolve("My Set"), 3);
        try (ImageSource source = SourceResolver.open(folder, null)) {
            assertThat(source).isInstanceOf(ImageFolderReader.class);
            assertThat(source.dataset()).isEqualTo("my_set");
        }
    }

    @Test
    void aFolderWithoutImagesUsesItsOnlyFerCsvLikeTheSharedDataFolder() throws IOException {
        Path folder = dir.resolve("fer2013");
        FerFixtures.writeGzip(Files.createDirectories(folder).resolve("fer2013.csv.gz"), FerFixtures.csv(3, Map.of()));
        FerFixtures.write(folder.resolve("fer2013_flags.csv"), "row,flag,msambare_file,detail\n");
        FerFixtures.writeGzip(folder.resolve("fer2013_row_map.csv.gz"), "row,Usage,emotion,msambare_file\n0,Training,0,x\n");
        try (ImageSource source = SourceResolver.open(folder, null)) {
            assertThat(source.description()).isEqualTo("fer2013.csv.gz");
            assertThat(source.dataset()).isEqualTo("fer2013");
        }
        FerFixtures.write(folder.resolve("second.csv"), FerFixtures.csv(1, Map.of()));
        assertThatThrownBy(() -> SourceResolver.open(folder, null)).hasMessageContaining("several FER CSVs");
        assertThatThrownBy(() -> SourceResolver.open(Files.createDirectories(dir.resolve("empty")), null))
                .hasMessageContaining("no images and no FER CSV");
    }

    @Test
    void aRegisteredDatasetLendsItsKeyAndLabelRules() throws IOException {
        Path csv = FerFixtures.write(dir.resolve("ckextended.csv"), "emotion,pixels,Usage\n7," + FerFixtures.pixelText(1)
                + ",Training\n");
        try (ImageSource source = SourceResolver.open(csv, DatasetRegistry.standard().find("ck_plus").orElseThrow())) {
            assertThat(source.dataset()).isEqualTo("ck_plus");
            assertThat(((Rejection) source.next()).reason()).isEqualTo(RejectReason.SKIPPED_CLASS);
        }
    }
}
