package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClassifierConfigTest {

    private static final ConnectionConfig LOCAL = new ConnectionConfig("localhost:9092", "http://localhost:8081", "");

    private static ClassifierConfig parse(String... args) {
        ClassifyCommand command = new ClassifyCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void theFlagsDefaultsAreTheDocumentedOnes() {
        ClassifierConfig config = parse();
        assertThat(config).isEqualTo(ClassifierConfig.defaults(LOCAL).withHttpPort(0));
        assertThat(config.maxFrameAge()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.smoothing()).isNotNull();
        assertThat(parse("--no-smoothing").smoothing()).isNull();
        assertThat(config.releases()).isEqualTo(new ClassifierConfig.Releases(null));
        assertThat(parse("--model-name", "seed").releases().modelName()).isEqualTo("seed");
        assertThat(parse("--no-follow-releases").releases()).isNull();
        assertThat(config.accuracy()).isEqualTo(new ClassifierConfig.Accuracy(null, 32));
        assertThat(parse("--labelled-topic", "mine", "--accuracy-batch", "8").accuracy()).isEqualTo(new ClassifierConfig.Accuracy("mine", 8));
        assertThat(parse("--no-live-accuracy").accuracy()).isNull();
    }

    @Test
    void wrongValuesAreRefusedNamingTheFlag() {
        assertThat(key("--max-frame-age-ms", "0")).isEqualTo("max-frame-age-ms");
        assertThat(key("--max-frame-side", "0")).isEqualTo("max-frame-side");
        assertThat(key("--max-frame-bytes", "0")).isEqualTo("max-frame-bytes");
        assertThat(key("--detector-side", "10")).isEqualTo("detector-side");
        assertThat(key("--face-score", "1.5")).isEqualTo("face-score");
        assertThat(key("--crop-margin", "-0.1")).isEqualTo("crop-margin");
        assertThat(key("--smoothing-alpha", "0")).isEqualTo("smoothing-alpha");
        assertThat(key("--track-min-iou", "2")).isEqualTo("track-min-iou");
        assertThat(key("--max-sessions", "0")).isEqualTo("max-sessions");
        assertThat(key("--session-idle-ms", "0")).isEqualTo("session-idle-ms");
        assertThat(key("--max-poll-records", "0")).isEqualTo("max-poll-records");
        assertThat(key("--group-id", "a b")).isEqualTo("group-id");
        assertThat(key("--metrics-port", "70000")).isEqualTo("metrics-port");
        assertThat(key("--model-name", " ")).isEqualTo("model-name");
        assertThat(key("--labelled-topic", "a/b")).isEqualTo("labelled-topic");
        assertThat(key("--accuracy-batch", "0")).isEqualTo("accuracy-batch");
        Throwable noScoring = org.assertj.core.api.Assertions.catchThrowable(() -> parse("--no-live-accuracy", "--labelled-topic", "t"));
        assertThat(noScoring).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("labelled-topic"));
        Throwable unused = org.assertj.core.api.Assertions.catchThrowable(() -> parse("--no-follow-releases", "--model-name", "seed"));
        assertThat(unused).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("model-name"));
    }

    private static String key(String flag, String value) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> parse(flag, value));
        assertThat(thrown).isInstanceOf(InvalidConfigException.class);
        return ((InvalidConfigException) thrown).key();
    }
}
