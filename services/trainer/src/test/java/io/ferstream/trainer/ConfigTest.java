package io.ferstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferstream.trainer.network.Architecture;
import io.ferstream.trainer.training.TrainConfig;
import io.ferstream.trainer.training.Trainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ferstream.platform.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigTest {

    @Test
    void seedRecipeAndValidation() {
        TrainConfig c = TrainConfig.seed(Path.of("x"));
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.learningRate()).isEqualTo(3e-4f);
        assertThat(c.labelSmoothing()).isEqualTo(0.1f);
        assertThat(c.epochs()).isEqualTo(50);
        assertThat(c.lrPatience()).isEqualTo(7);
        assertThat(c.stopPatience()).isEqualTo(25);
        assertThatThrownBy(() -> c.withEpochs(0)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> c.withLimit(-1)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("limit");
        assertThat(c.timeLimit()).isNull();
        assertThat(c.withTimeLimit(java.time.Duration.ofHours(2)).timeLimit()).hasHours(2);
        assertThatThrownBy(() -> c.withTimeLimit(java.time.Duration.ZERO)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("time-limit");
        assertThat(c.lrSchedule()).isNull(); // the plateau rule, or a resumed checkpoint's rule
        assertThat(c.withLrSchedule(TrainConfig.LrSchedule.COSINE).lrSchedule()).isEqualTo(TrainConfig.LrSchedule.COSINE);
        assertThat(c.architecture()).isEqualTo(Architecture.SEED);
        assertThat(c.selection()).isEqualTo(TrainConfig.Selection.VAL_LOSS);
        assertThat(c.withLearningRate(1e-3f).learningRate()).isEqualTo(1e-3f);
        assertThatThrownBy(() -> c.withLearningRate(0f)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("learning-rate");
    }

    @Test
    void architecturesByName() {
        assertThat(Architecture.of("seed")).isEqualTo(Architecture.SEED);
        assertThat(Architecture.of(" ResNet ")).isEqualTo(Architecture.RESNET);
        assertThatThrownBy(() -> Architecture.of("vgg")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("seed, resnet");
    }

    @Test
    void trainCommandTakesTheArchitectureRateAndSelection() {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--run", "fetch-1", "--architecture", "resnet", "--learning-rate", "1e-3",
                "--select-on", "VAL_ACCURACY", "--lr-schedule", "COSINE", "--class-weights", "NONE");
        TrainConfig c = train.config();
        assertThat(c.architecture()).isEqualTo(Architecture.RESNET);
        assertThat(c.learningRate()).isEqualTo(1e-3f);
        assertThat(c.selection()).isEqualTo(TrainConfig.Selection.VAL_ACCURACY);
        assertThat(c.lrSchedule()).isEqualTo(TrainConfig.LrSchedule.COSINE);
        assertThat(c.balancedClassWeights()).isFalse();
        assertThat(c.restartLearningRate()).isFalse(); // a fresh run starts from the rate anyway

        // --learning-rate with --resume: a warm restart from that rate, not the checkpoint's rate in force
        TrainCommand restart = new TrainCommand();
        new CommandLine(restart).parseArgs("--run", "fetch-1", "--architecture", "resnet", "--learning-rate", "5e-4", "--resume");
        assertThat(restart.config().restartLearningRate()).isTrue();
        assertThat(restart.config().learningRate()).isEqualTo(5e-4f);
        TrainCommand resumeOnly = new TrainCommand();
        new CommandLine(resumeOnly).parseArgs("--run", "fetch-1", "--architecture", "resnet", "--resume");
        assertThat(resumeOnly.config().restartLearningRate()).isFalse();

        TrainCommand defaults = new TrainCommand();
        new CommandLine(defaults).parseArgs("--run", "fetch-1");
        assertThat(defaults.config()).isEqualTo(TrainConfig.seed(Path.of("model-seed")));

        // an architecture brings the recipe measured for it; explicit options still win
        TrainCommand resnet = new TrainCommand();
        new CommandLine(resnet).parseArgs("--run", "fetch-1", "--architecture", "resnet");
        TrainConfig r = resnet.config();
        assertThat(r).isEqualTo(TrainConfig.recipe(Architecture.RESNET, Path.of("model-resnet")));
        assertThat(r.learningRate()).isEqualTo(1e-3f);
        assertThat(r.lrSchedule()).isEqualTo(TrainConfig.LrSchedule.COSINE);
        assertThat(r.selection()).isEqualTo(TrainConfig.Selection.VAL_ACCURACY);
        assertThat(r.balancedClassWeights()).isFalse();
        TrainCommand overridden = new TrainCommand();
        new CommandLine(overridden).parseArgs("--run", "fetch-1", "--architecture", "resnet", "--select-on", "VAL_LOSS",
                "--lr-schedule", "PLATEAU", "--out", "m", "--class-weights", "BALANCED");
        assertThat(overridden.config().balancedClassWeights()).isTrue();
        assertThat(overridden.config().selection()).isEqualTo(TrainConfig.Selection.VAL_LOSS);
        assertThat(overridden.config().lrSchedule()).isEqualTo(TrainConfig.LrSchedule.PLATEAU);
        assertThat(overridden.config().out()).isEqualTo(Path.of("m"));

        StringWriter err = new StringWriter();
        int code = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err)).execute("--run", "r", "--architecture", "vgg");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'vgg' is not an architecture: expected one of seed, resnet");
    }

    @Test
    void onResumeAnUnnamedScheduleIsTheCheckpointsNotTheRecipes(@TempDir Path dir) throws Exception {
        String out = dir.toString();
        // no checkpoint yet: --resume starts a run, under the recipe's rule
        assertThat(parse("--run", "r", "--architecture", "resnet", "--resume", "--out", out).config().lrSchedule())
                .isEqualTo(TrainConfig.LrSchedule.COSINE);
        Files.createDirectories(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve("checkpoint/state.json"), "{}");
        assertThat(Trainer.hasCheckpoint(dir)).isTrue();
        // a checkpoint: its own rule (null), so a resnet run trained under PLATEAU is not switched to the recipe's COSINE
        assertThat(parse("--run", "r", "--architecture", "resnet", "--resume", "--out", out).config().lrSchedule()).isNull();
        assertThat(parse("--run", "r", "--architecture", "resnet", "--resume", "--out", out, "--lr-schedule", "COSINE")
                .config().lrSchedule()).isEqualTo(TrainConfig.LrSchedule.COSINE);
        assertThat(parse("--run", "r", "--architecture", "resnet", "--out", out).config().lrSchedule())
                .isEqualTo(TrainConfig.LrSchedule.COSINE);
    }

    private static TrainCommand parse(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
