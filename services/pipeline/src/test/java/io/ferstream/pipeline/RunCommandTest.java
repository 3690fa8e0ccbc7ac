package io.ferstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @Test
    void withoutSourceItCleansFer2013FromKaggleWhenCredentialsAreSet(@TempDir Path home) {
        RunCommand command = new RunCommand();
        assertThat(command.datasetOrKaggleDefault(Map.of("KAGGLE_USERNAME", "ada", "KAGGLE_KEY", "k"), home))
                .isEqualTo("fer2013");
    }

    @Test
    void theDecideStepFlagsReachTheRunAndRemovingByLabelsNeedsTheirVerdicts(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("fer2013.csv"), "emotion,pixels,Usage\n");
        RunCommand defaults = new RunCommand();
        new picocli.CommandLine(defaults).parseArgs("--source", csv.toString(), "--out", dir.resolve("a").toString());
        PipelineRun.Config config = defaults.config();
        assertThat(config.duplicates()).isEqualTo(io.ferstream.embedder.duplicates.DuplicateRule.DEFAULT);
        assertThat(config.labels()).isEqualTo(io.ferstream.embedder.LabelRule.FLAG_ONLY);

        RunCommand set = new RunCommand();
        Path labels = Files.writeString(dir.resolve("label-issues.csv"), "id\n");
        new picocli.CommandLine(set).parseArgs("--source", csv.toString(), "--out", dir.resolve("b").toString(),
                "--no-duplicates", "--duplicate-distance", "2", "--label-issues", labels.toString(),
                "--label-issues-remove-top", "50");
        assertThat(set.config().duplicates()).isEqualTo(new io.ferstream.embedder.duplicates.DuplicateRule(false, 2));
        assertThat(set.config().labels().removeTop()).isEqualTo(50);

        RunCommand withoutVerdicts = new RunCommand();
        new picocli.CommandLine(withoutVerdicts).parseArgs("--source", csv.toString(), "--out", dir.resolve("c").toString(),
                "--label-issues-remove-top", "50");
        assertThatThrownBy(withoutVerdicts::config).hasMessageContaining("label-issues-remove-top")
                .hasMessageContaining("needs --label-issues");
    }

    @Test
    void withoutSourceOrCredentialsThereIsNoDataset(@TempDir Path home) {
        assertThat(new RunCommand().datasetOrKaggleDefault(Map.of(), home)).isNull();
    }

    @Test
    void aGivenSourceOrDatasetWins(@TempDir Path home) {
        Map<String, String> credentials = Map.of("KAGGLE_USERNAME", "ada", "KAGGLE_KEY", "k");
        RunCommand withSource = new RunCommand();
        withSource.source = home;
        assertThat(withSource.datasetOrKaggleDefault(credentials, home)).isNull();
        RunCommand withDataset = new RunCommand();
        withDataset.dataset = "jaffe";
        assertThat(withDataset.datasetOrKaggleDefault(credentials, home)).isEqualTo("jaffe");
    }

    @Test
    void aBrokenKaggleJsonIsAUsageErrorThatSaysWhy(@TempDir Path home) throws Exception {
        Path kaggle = Files.createDirectories(home.resolve(".kaggle"));
        Path json = Files.writeString(kaggle.resolve("kaggle.json"), "not json");
        Files.setPosixFilePermissions(json, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> new RunCommand().datasetOrKaggleDefault(Map.of(), home))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kaggle.json");
    }
}
