package io.ferstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

    @Test
    void thisProcessHasACommandLineNamingJava() {
        assertThat(Provenance.ofThisProcess().command()).contains("java");
    }

    @Test
    void theProjectCheckoutHasACommitOfFortyHexDigits() {
        String commit = Provenance.commitOf(Path.of("").toAbsolutePath());
        // the tests run inside the project's checkout, so git knows its commit (a CI clone included)
        assertThat(commit).matches("[0-9a-f]{40}(-dirty)?");
    }

    @Test
    void aFolderOutsideAnyCheckoutHasNoCommit(@TempDir Path dir) throws Exception {
        Path lonely = Files.createDirectories(dir.resolve("not-a-checkout"));
        assertThat(Provenance.commitOf(lonely)).isNull();
    }
}
