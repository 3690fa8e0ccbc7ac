package io.ferstream.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.ferstream.embedder.embedding.EmbedderFactory;
import io.ferstream.model.Preprocessing.Color;
import io.ferstream.model.Preprocessing.Layout;
import io.ferstream.platform.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EmbedCommandTest {

    private static EmbedCommand parse(String... args) {
        EmbedCommand command = new EmbedCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutEmbeddingFlagsTheProviderIsHog() {
        EmbedCommand command = parse();
        assertThat(command.embeddingOptions()).isEqualTo(new EmbedderFactory.Options(null, null, null, null, null, null, null, null, null, null));
        EmbedderFactory.Provider hog = EmbedderFactory.provider(command.embeddingOptions());
        assertThat(command.config(hog).settings().embedderName()).isEqualTo("hog");
    }

    @Test
    void onnxFlagsBecomeFactoryOptions() {
        EmbedCommand command = parse("--embedding-model", "models/x.onnx", "--embedding-input", "input_1",
                "--embedding-output", "emb", "--embedding-size", "64x48", "--embedding-layout", "NHWC",
                "--embedding-color", "GRAY", "--embedding-mean", "0", "--embedding-scale", "0.00392");
        assertThat(command.embeddingOptions()).isEqualTo(new EmbedderFactory.Options(null, Path.of("models/x.onnx"),
                "input_1", 64, 48, Layout.NHWC, Color.GRAY, 0f, 0.00392f, "emb"));
        assertThat(command.embeddingOptions().resolvedProvider()).isEqualTo("onnx");
    }

    @Test
    void aBadSizeNamesTheFlag() {
        EmbedCommand command = parse("--embedding", "onnx", "--embedding-size", "wide");
        assertThatThrownBy(command::embeddingOptions)
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("embedding-size"));
    }
}
