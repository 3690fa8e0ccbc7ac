package io.ferstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FerCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void topLevelHelpListsEverySubcommand() {
        assertThat(FerCommand.execute("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("platform", "broker", "registry", "topics", "FER_BOOTSTRAP_SERVERS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "fetch", "datasets", "platform", "broker", "registry", "topics", "quality", "faces", "embed", "enhance", "train", "evaluate", "ensemble", "classify", "serve", "gateway"})
    void everySubcommandHasHelp(String subcommand) {
        assertThat(FerCommand.execute(subcommand, "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: fer " + subcommand);
    }

    @Test
    void invalidConfigurationFailsFastNamingTheKey() {
        int exit = FerCommand.execute("topics", "--bootstrap-servers", "no-port-here");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bootstrap-servers").contains("host:port");
    }

    @Test
    void aMissingConfigFileIsReportedNotIgnored() {
        assertThat(FerCommand.execute("--config", "/nonexistent/fer.properties", "topics")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertThat(FerCommand.execute("broker", "--no-such-flag")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option");
    }

    @Test
    void runWithoutSourceOrCredentialsSaysWhatToPass(@TempDir Path home) {
        assumeTrue(System.getenv("KAGGLE_USERNAME") == null && System.getenv("KAGGLE_CONFIG_DIR") == null,
                "Kaggle credentials in this environment would make fer run download FER2013");
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            assertThat(FerCommand.execute("run", "--out", home.resolve("out").toString())).isEqualTo(2);
        } finally {
            System.setProperty("user.home", realHome);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message).contains("--source PATH", "KAGGLE_USERNAME", "kaggle.json").doesNotContain("Exception", "\tat ");
        assertThat(message.lines()).hasSize(1);
    }

    @Test
    void runOnAMissingSourceIsAUsageError(@TempDir Path dir) {
        assertThat(FerCommand.execute("run", "--source", dir.resolve("nope.csv").toString(),
                "--out", dir.resolve("out").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.csv", "no such file").doesNotContain("\tat ");
    }

    @Test
    void runOnSomethingThatIsNoDatasetIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.csv"), "hello,world\n1,2\n");
        assertThat(FerCommand.execute("run", "--source", notes.toString(), "--out", dir.resolve("out").toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("notes.csv", "cannot be read as a dataset")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("out").resolve("report.json")).doesNotExist();
    }

    @Test
    void aModelCardForRunWithoutServeIsAUsageError(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("fer2013.csv"), "emotion,pixels,Usage\n");
        assertThat(FerCommand.execute("run", "--model-card", "card.json", "--source", csv.toString(), "--out",
                dir.resolve("out").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("model-card", "--serve");
    }
}
