package io.ferstream.classifier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LiveBenchCommandTest {

    @Test
    void withoutTheFacesToCompositeItSaysWhichOptionIsMissingAndExitsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new LiveBenchCommand());
        command.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        assertThat(command.execute("--seconds", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required option: '--fer2013=CSV'");
    }

    @Test
    void aRateIsSustainedOnlyWithEveryFramePredictedAndTheTailUnderHalfTheStaleLimit() {
        LiveBenchCommand command = new LiveBenchCommand();
        new CommandLine(command).parseArgs("--fer2013", "fer2013.csv.gz", "--max-frame-age-ms", "500");
        LatencySummary fast = new LatencySummary(100, 10, 20, 40, 50);

        assertThat(command.sustained(new LiveBench.RunResult(100, 99, 500, 500, 0, 0, fast, java.util.Map.of(), 0, null))).isTrue();
        assertThat(command.sustained(new LiveBench.RunResult(100, 99, 500, 499, 1, 0, fast, java.util.Map.of(), 0, null))).as("one stale").isFalse();
        assertThat(command.sustained(new LiveBench.RunResult(100, 99, 500, 499, 0, 0, fast, java.util.Map.of(), 0, null))).as("one missing").isFalse();
        assertThat(command.sustained(new LiveBench.RunResult(100, 99, 500, 500, 0, 0, new LatencySummary(100, 10, 200, 250, 260), java.util.Map.of(), 0, null)))
                .as("p99 at half the stale limit").isFalse();
        assertThat(command.sustained(new LiveBench.RunResult(100, 80, 500, 500, 0, 0, fast, java.util.Map.of(), 0, null))).as("the producer fell behind").isFalse();
    }
}
