package io.ferstream.fetcher.kaggle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipException;

import io.ferstream.fetcher.fixtures.FerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeZipTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "a/../../evil.txt", "/etc/passwd", "\\\\host\\share\\x", "C:\\Windows\\x",
            "c:/x", "a/b/../../../evil"})
    void refusesEntriesThatWouldLandOutside(String name) {
        Path root = dir.resolve("target").toAbsolutePath();
        assertThatThrownBy(() -> SafeZip.resolveInside(root, name)).isInstanceOf(ZipException.class)
                .hasMessageContaining("refusing the whole archive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"train/angry/x.jpg", "a/../b.txt", "./c.txt", "dir/"})
    void acceptsEntriesInside(String name) throws Exception {
        Path root = dir.resolve("target").toAbsolutePath();
        assertThat(SafeZip.resolveInside(root, name).startsWith(root)).isTrue();
    }

    @Test
    void extractsEverythingOrNothing() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("good/a.txt", "a".getBytes());
        entries.put("../escape.txt", "x".getBytes());
        Path zip = Files.write(dir.resolve("mixed.zip"), FerFixtures.zip(entries));
        assertThatThrownBy(() -> SafeZip.extract(zip, dir.resolve("out"))).isInstanceOf(ZipException.class);
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(dir.resolve("escape.txt")).doesNotExist();

        Path ok = Files.write(dir.resolve("ok.zip"), FerFixtures.zip(Map.of("x/y.txt", "y".getBytes())));
        SafeZip.verify(ok);
        assertThat(SafeZip.extract(ok, dir.resolve("out"))).isEqualTo(1);
        assertThat(dir.resolve("out/x/y.txt")).hasContent("y");
        Path notZip = Files.writeString(dir.resolve("page.zip"), "<html>");
        assertThatThrownBy(() -> SafeZip.verify(notZip)).isInstanceOf(ZipException.class).hasMessageContaining("'<htm'");
    }

    @Test
    void refusesAZipBombByItsInflatedBytesNotItsHeaders() throws Exception {
        // 64 MiB of zeros deflate to about 64 KiB: a ratio near 1,000.
        Path bomb = Files.write(dir.resolve("bomb.zip"), FerFixtures.zip(Map.of("data/zeros.csv", new byte[64 << 20])));
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        assertThatThrownBy(() -> SafeZip.extract(bomb, dir.resolve("out"))).isInstanceOf(ZipException.class)
                .hasMessageContaining("zeros.csv").hasMessageContaining("inflates more than 100 times");
    }

    @Test
    void refusesTooManyEntriesTooLargeAnEntryOrTooManyBytesInAll() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            entries.put("f" + i + ".bin", new java.util.Random(i).ints(4000, 0, 256).collect(
                    java.io.ByteArrayOutputStream::new, (out, b) -> out.write(b), (a, b) -> { }).toByteArray());
        }
        Path zip = Files.write(dir.resolve("five.zip"), FerFixtures.zip(entries));
        assertThatThrownBy(() -> SafeZip.extract(zip, dir.resolve("a"), new SafeZip.Limits(4, 1 << 20, 1 << 20, 100, 1 << 20)))
                .hasMessageContaining("more than 4 entries");
        assertThatThrownBy(() -> SafeZip.extract(zip, dir.resolve("b"), new SafeZip.Limits(10, 3000, 1 << 20, 100, 1 << 20)))
                .hasMessageContaining("inflates past 3000 bytes");
        assertThatThrownBy(() -> SafeZip.extract(zip, dir.resolve("c"), new SafeZip.Limits(10, 1 << 20, 10_000, 100, 1 << 20)))
                .hasMessageContaining("past 10000 bytes in all");
        assertThat(SafeZip.extract(zip, dir.resolve("d"), new SafeZip.Limits(5, 4000, 20_000, 100, 1 << 20))).isEqualTo(5);
    }

    @Test
    void aTruncatedArchiveIsReportedAsSuch() throws Exception {
        byte[] whole = FerFixtures.zip(Map.of("fer2013.csv", "emotion,pixels,Usage\n".repeat(500).getBytes()));
        Path cut = Files.write(dir.resolve("cut.zip"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> SafeZip.verify(cut)).isInstanceOf(ZipException.class)
                .hasMessageContaining("cut.zip is truncated or damaged").hasMessageContaining("download it again");
    }
}
