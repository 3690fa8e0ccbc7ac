package io.ferstream.fetcher.kaggle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaggleCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void environmentVariablesComeFirst() throws Exception {
        Path home = dir.resolve("home");
        kaggleJson(home.resolve(".kaggle"), "from-home", "home-key", "rw-------");
        KaggleCredentials found = KaggleCredentials.find(Map.of("KAGGLE_USERNAME", "env-user", "KAGGLE_KEY", "env-key",
                "KAGGLE_CONFIG_DIR", home.resolve(".kaggle").toString()), home).orElseThrow();
        assertThat(found.username()).isEqualTo("env-user");
        assertThat(found.origin()).isEqualTo("KAGGLE_USERNAME/KAGGLE_KEY");
        assertThat(found.basicAuthorization()).isEqualTo("Basic ZW52LXVzZXI6ZW52LWtleQ==");   // env-user:env-key
    }

    @Test
    void thenTheConfigDirThenTheHomeFolder() throws Exception {
        Path home = dir.resolve("home");
        Path config = dir.resolve("config");
        kaggleJson(home.resolve(".kaggle"), "from-home", "home-key", "rw-------");
        kaggleJson(config, "from-config", "config-key", "rw-------");

        assertThat(KaggleCredentials.find(Map.of("KAGGLE_CONFIG_DIR", config.toString()), home).orElseThrow().username())
                .isEqualTo("from-config");
        // Only one of the two variables set: not enough, the files are used.
        assertThat(KaggleCredentials.find(Map.of("KAGGLE_USERNAME", "half"), home).orElseThrow().username())
                .isEqualTo("from-home");
        assertThat(KaggleCredentials.find(Map.of("KAGGLE_CONFIG_DIR", dir.resolve("missing").toString()), home)
                .orElseThrow().username()).isEqualTo("from-home");
        assertThat(KaggleCredentials.find(Map.of(), dir.resolve("nobody"))).isEmpty();
    }

    @Test
    void refusesAKaggleJsonOthersCanRead() throws Exception {
        Path folder = dir.resolve("open");
        Path file = kaggleJson(folder, "someone", "secret-key-123", "rw-r--r--");
        assertThatThrownBy(() -> KaggleCredentials.find(Map.of("KAGGLE_CONFIG_DIR", folder.toString()), null))
                .isInstanceOf(KaggleException.class)
                .hasMessageContaining("chmod 600 " + file)
                .hasMessageNotContaining("secret-key-123");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(KaggleCredentials.find(Map.of("KAGGLE_CONFIG_DIR", folder.toString()), null)).isPresent();
    }

    @Test
    void neverShowsTheKey() throws Exception {
        Path folder = dir.resolve("bad");
        Files.createDirectories(folder);
        Path file = folder.resolve("kaggle.json");
        Files.writeString(file, "{\"username\": \"someone\", \"key\": \"secret-key-123\"");   // broken JSON
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> KaggleCredentials.fromFile(file))
                .isInstanceOf(KaggleException.class).hasMessageNotContaining("secret-key-123");
        KaggleCredentials credentials = new KaggleCredentials("someone", "secret-key-123", "test");
        assertThat(credentials.toString()).contains("someone").doesNotContain("secret-key-123");
    }

    private static Path kaggleJson(Path folder, String user, String key, String permissions) throws IOException {
        Assumptions.assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions unsupported here");
        Files.createDirectories(folder);
        Path file = folder.resolve("kaggle.json");
        Files.writeString(file, "{\"username\": \"" + user + "\", \"key\": \"" + key + "\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
