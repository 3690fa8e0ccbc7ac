package io.ferstream.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import io.ferstream.vision.FaceBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layouts' catalogs on empty files (names and annotation files only; decoding is the reader's). */
class DatasetCatalogsTest {

    @TempDir
    Path root;

    private FolderListing files(String... paths) throws IOException {
        return filesIn(root, paths);
    }

    private static FolderListing filesIn(Path folder, String... paths) throws IOException {
        for (String path : paths) {
            Files.createDirectories(folder.resolve(path).getParent());
            Files.write(folder.resolve(path), new byte[0]);
        }
        return FolderListing.of(folder);
    }

    @Test
    void kdefAndJaffeNamesGiveClassAndSubjectAndOtherNamesKeepTheirFolder() throws IOException {
        List<CatalogEntry> kdef = DatasetCatalogs.kdef(filesIn(root.resolve("k"), "KDEF/AF01/AF01AFS.JPG",
                "KDEF/BF01/BF01NEHL.JPG", "KDEF/AM35/AM35SUFR.JPG", "happy/portrait.jpg"));
        assertThat(kdef).extracting(CatalogEntry::className).containsExactly("AF", "SU", "NE", "happy");
        assertThat(kdef).extracting(CatalogEntry::subject).containsExactly("F01", "M35", "F01", null);

        List<CatalogEntry> jaffe = DatasetCatalogs.jaffe(filesIn(root.resolve("j"), "KA.AN1.39.tiff", "README.tiff",
                "YM.SU3.60.tiff"));
        assertThat(jaffe).extracting(CatalogEntry::className).containsExactly("AN", null, "SU");
        assertThat(jaffe).extracting(CatalogEntry::subject).containsExactly("KA", null, "YM");
        assertThat(LabelMap.kdef().resolve("AF")).isEqualTo(new LabelMap.Labeled(Emotion.FEAR));
        assertThat(LabelMap.jaffe().resolve("FE")).isEqualTo(new LabelMap.Labeled(Emotion.FEAR));
    }

    @Test
    void ckPlusSubjectsComeFromTheFileName() throws IOException {
        List<CatalogEntry> ck = DatasetCatalogs.ckPlusFolders(files("CK+48/anger/S010_004_00000017.png",
                "CK+48/happy/s137_001_00000014.png"));
        assertThat(ck).extracting(CatalogEntry::subject).containsExactly("S010", "S137");
        assertThat(ck).extracting(CatalogEntry::className).containsExactly("anger", "happy");
        assertThat(ck).extracting(CatalogEntry::split).containsOnlyNulls();
    }

    @Test
    void rafDbReadsItsPartitionListPreferringAlignedImages() throws IOException {
        FolderListing listing = files("Image/aligned/train_00001_aligned.jpg", "Image/original/train_00001.jpg",
                "Image/original/test_0001.jpg");
        Files.createDirectories(root.resolve("EmoLabel"));
        Files.writeString(root.resolve("EmoLabel/list_patition_label.txt"), "train_00001.jpg 5\ntest_0001.jpg 7\n\ntest_0002.jpg 1\n");

        List<CatalogEntry> raf = DatasetCatalogs.rafDb(root, listing);

        assertThat(raf).extracting(CatalogEntry::file).containsExactly("Image/aligned/train_00001_aligned.jpg",
                "Image/original/test_0001.jpg", "test_0002.jpg");
        assertThat(raf).extracting(CatalogEntry::className).containsExactly("5", "7", "1");
        assertThat(raf).extracting(CatalogEntry::split).containsExactly(Split.TRAIN, Split.TEST, Split.TEST);
    }

    @Test
    void rafDbWithoutTheListUsesCodeFoldersAndTheNamePrefix() throws IOException {
        List<CatalogEntry> raf = DatasetCatalogs.rafDb(root, files("DATASET/4/train_00002_aligned.jpg",
                "DATASET/7/test_0003_aligned.jpg"));
        assertThat(raf).extracting(CatalogEntry::className).containsExactly("4", "7");
        assertThat(raf).extracting(CatalogEntry::split).containsExactly(Split.TRAIN, Split.TEST);
    }

    @Test
    void expwHasOneEntryPerFaceWithItsBox() throws IOException {
        FolderListing listing = files("image/origin/a.jpg");
        Files.createDirectories(root.resolve("label"));
        Files.writeString(root.resolve("label/label.lst"), "a.jpg 0 10 20 70 90 0.9 3\na.jpg 1 5 5 5 5 0.2 1\nb.jpg 0 1 2 3 4 0.5 6\n");

        List<CatalogEntry> expw = DatasetCatalogs.expw(root, listing);

        assertThat(expw).extracting(CatalogEntry::idSuffix).containsExactly("image/origin/a.jpg#face=0",
                "image/origin/a.jpg#face=1", "b.jpg#face=0");
        assertThat(expw.get(0).annotated()).isEqualTo(new FaceBox(20, 10, 50, 80));
        assertThat(expw.get(1).className()).as("an empty box labels no face").isNull();
        assertThat(expw).extracting(CatalogEntry::split).containsOnlyNulls();
        assertThat(LabelMap.expw().resolve("0")).isEqualTo(new LabelMap.Labeled(Emotion.ANGRY));
        assertThat(LabelMap.expw().resolve("6")).isEqualTo(new LabelMap.Labeled(Emotion.NEUTRAL));
        assertThatThrownBy(() -> DatasetCatalogs.expw(root.resolve("image"), listing)).hasMessageContaining("label.lst");
    }

    @Test
    void subjectsSplitByRankOfTheirHashAndContentByItsHash() {
        List<String> posers = List.of("KA", "KL", "KM", "KR", "MK", "NA", "NM", "TM", "UY", "YM");
        Map<String, Split> splits = SplitRules.bySubject(posers);
        assertThat(splits).hasSize(10);
        assertThat(splits.values()).filteredOn(Split.TEST::equals).hasSize(1);
        assertThat(splits.values()).filteredOn(Split.VALIDATION::equals).hasSize(1);
        assertThat(SplitRules.bySubject(List.of("YM", "KA", "KA", "UY", "NM", "TM", "NA", "MK", "KR", "KM", "KL")))
                .isEqualTo(splits);
        assertThat(SplitRules.bySubject(List.of("A", "B")).values()).containsOnly(Split.TRAIN);

        int[] counts = new int[Split.values().length];
        for (int i = 0; i < 1000; i++) {
            counts[SplitRules.byContent(("image " + i).getBytes()).ordinal()]++;
        }
        assertThat(counts[Split.TEST.ordinal()]).isBetween(70, 130);
        assertThat(counts[Split.VALIDATION.ordinal()]).isBetween(70, 130);
        assertThat(SplitRules.byContent(new byte[] {1, 2, 3})).isEqualTo(SplitRules.byContent(new byte[] {1, 2, 3}));
    }
}
