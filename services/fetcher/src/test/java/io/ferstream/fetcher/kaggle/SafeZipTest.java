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
}
