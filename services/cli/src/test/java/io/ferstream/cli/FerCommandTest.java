package io.ferstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
    @ValueSource(strings = {"run", "fetch", "datasets", "platform", "broker", "registry", "topics", "quality", "faces", "embed", "enhance", "train", "evaluate", "ensemble"})
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
}
