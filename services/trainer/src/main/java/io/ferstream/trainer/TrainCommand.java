package io.ferstream.trainer;

import io.ferstream.trainer.data.CleanedRun;
import io.ferstream.trainer.data.TrainingData;
import io.ferstream.trainer.network.Architecture;
import io.ferstream.trainer.training.TrainConfig;
import io.ferstream.trainer.training.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.ferstream.events.ModelRelease;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.topics.ClusterCheck;
import io.ferstream.platform.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fer train}: a residual CNN (seed or resnet) on a pipeline run's cleaned topic or on a FER2013-format CSV →
 * model.onnx + card.json, released on the models topic.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a residual CNN, seed or resnet (DJL PyTorch, CPU, offline), on TRAIN, select on VALIDATION, export model.onnx "
                + "and card.json with TEST accuracy evaluated once at the end; a model trained on a run is released on "
                + "the models topic.")
public final class TrainCommand implements Callable<Integer> {

    static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

    /** Where the images come from: exactly one of a run or a file. */
    static final class Input {
        @Option(names = "--run", paramLabel = "RUN_ID",
                description = "A pipeline run: its cleaned images are read from the cleaned topic (waits for the run to finish).")
        String runId;

        @Option(names = "--data", paramLabel = "FILE",
                description = "FER2013-format CSV (emotion,pixels,Usage), plain or .gz: the raw FER2013 file or a cleaned export.")
        Path data;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input = new Input();

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--pixels", paramLabel = "RAW|CLAHE",
            description = "With --data: RAW when the file holds faces as published (FER2013), CLAHE when the pipeline's "
                    + "enhancer already equalised them (fer run's cleaned.csv), so CLAHE is not applied twice. "
                    + "A run's images say this themselves. Default: RAW.")
    TrainingData.Pixels pixels;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "With --run: how long to wait, once the topics are read, for the run to appear and reach the end "
                    + "of the pipeline (ISO-8601). Default: PT10M.")
    Duration waitForRun;

    @Option(names = "--release", negatable = true,
            description = "Publish a ModelRelease on the models topic when done. Default: on with --run, off with --data.")
    Boolean release;

    @Option(names = "--architecture", paramLabel = "NAME", defaultValue = "seed", converter = ArchitectureConverter.class,
            description = "The network, with the recipe measured for it: seed (the original network and recipe, exactly) or "
                    + "resnet (a small ResNet that trains faster on a CPU: Adam 1e-3, cosine decay, no class weights, the epoch "
                    + "of highest validation accuracy kept). The options below override the recipe. Default: ${DEFAULT-VALUE}.")
    Architecture architecture;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Adam's initial learning rate. Default: the architecture's (seed 3e-4, resnet 1e-3). With --resume "
                    + "under COSINE, a warm restart: a new decay from RATE over the epochs left, instead of from the rate in force.")
    Float learningRate;

    @Option(names = "--epochs", defaultValue = "50", description = "Most epochs (early stopping may end sooner). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--time-limit", paramLabel = "DURATION",
            description = "Start no epoch that would end past this much training time (ISO-8601, e.g. PT2H); the best epoch "
                    + "so far is exported. Default: none.")
    Duration timeLimit;

    @Option(names = "--lr-schedule", paramLabel = "PLATEAU|COSINE",
            description = "PLATEAU: the recipe (x0.5 after 7 epochs without a better val loss). COSINE: decay towards 1e-6 "
                    + "over the epochs left to --epochs, for a fixed budget; on --resume it starts from the rate in force. "
                    + "Default: seed PLATEAU, resnet COSINE; on --resume, the rule the checkpoint was trained under.")
    TrainConfig.LrSchedule lrSchedule;

    /** How the loss weighs the classes. */
    enum ClassWeights { BALANCED, NONE }

    @Option(names = "--class-weights", paramLabel = "BALANCED|NONE",
            description = "BALANCED (the seed recipe): each class weighs n / (7 * count), so rare classes count as much as common "
                    + "ones; NONE: every image weighs 1. Default: seed BALANCED, resnet NONE.")
    ClassWeights classWeights;

    @Option(names = "--select-on", paramLabel = "VAL_LOSS|VAL_ACCURACY",
            description = "Which epoch to keep and export: the lowest validation loss (the seed recipe) or the highest "
                    + "validation accuracy. Early stopping watches the validation loss either way. "
                    + "Default: seed VAL_LOSS, resnet VAL_ACCURACY.")
    TrainConfig.Selection selectOn;

    @Option(names = "--limit", defaultValue = "0", description = "Train on the first N training images only (0: all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (model.onnx, card.json, checkpoint/). Default: model-<architecture>.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--no-augment", description = "Train without augmentation.")
    boolean noAugment;

    @Option(names = "--resume",
            description = "Go on from DIR/checkpoint, exactly where it stopped (weights, Adam's state, schedule, history).")
    boolean resume;

    TrainConfig config() {
        if (input.data != null && !Files.isRegularFile(input.data)) {
            throw new InvalidConfigException("data", input.data, "no such file");
        }
        if (input.runId != null && input.runId.isBlank()) {
            throw new InvalidConfigException("run", input.runId, "a run id is required");
        }
        if (input.runId != null && pixels != null) {
            throw new InvalidConfigException("pixels", pixels, "only with --data: a run's images say whether they were CLAHE'd");
        }
        if (input.data != null && waitForRun != null) {
            throw new InvalidConfigException("wait", waitForRun, "only with --run");
        }
        if (waitForRun != null && waitForRun.isNegative()) {
            throw new InvalidConfigException("wait", waitForRun, "must not be negative");
        }
        TrainConfig recipe = TrainConfig.recipe(architecture, out != null ? out : Path.of("model-" + architecture.id()));
        if (learningRate != null) {
            recipe = recipe.withLearningRate(learningRate).withRestartLearningRate(resume);
        }
        if (lrSchedule != null || resume && Trainer.hasCheckpoint(recipe.out())) {
            // null: the checkpoint's own rule, not the recipe's
            recipe = recipe.withLrSchedule(lrSchedule);
        }
        if (selectOn != null) {
            recipe = recipe.withSelection(selectOn);
        }
        if (classWeights != null) {
            recipe = recipe.withBalancedClassWeights(classWeights == ClassWeights.BALANCED);
        }
        return recipe.withEpochs(epochs).withLimit(limit).withSeed(seed).withAugment(!noAugment).withTimeLimit(timeLimit);
    }

    /** Accepts an architecture's id ({@code seed}, {@code resnet}) in any case. */
    public static final class ArchitectureConverter implements CommandLine.ITypeConverter<Architecture> {
        @Override
        public Architecture convert(String value) {
            try {
                return Architecture.of(value);
            } catch (InvalidConfigException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an architecture: expected one of "
                        + Architecture.ids());
            }
        }
    }

    boolean releases() {
        return release != null ? release : input.runId != null;
    }

    /** Trains, writes the files and, when asked, releases the model; returns where the files went. */
    TrainingRun.Outcome run(PrintStream log) throws IOException {
        TrainConfig config = config();
        Trainer.requireEngine(); // before minutes of reading data
        ConnectionConfig kafka = connection.toConfig();
        if (input.runId != null || releases()) {
            // Fail in seconds, before minutes of training, when the broker is not there.
            ClusterCheck.requireReachable(kafka.bootstrapServers(), ClusterCheck.DEFAULT_LIMIT);
        }
        TrainingData data = input.runId != null
                ? CleanedRun.read(kafka, input.runId, waitForRun != null ? waitForRun : DEFAULT_WAIT, log)
                : TrainingData.fromCsv(input.data, pixels != null ? pixels : TrainingData.Pixels.RAW);
        TrainingRun.Outcome outcome = TrainingRun.run(data, config, resume, log);
        if (releases()) {
            ModelRelease release = ModelReleaser.describe(outcome.model(), outcome.card(), data.runId(), Clock.systemUTC());
            long offset = ModelReleaser.publish(kafka, release);
            log.printf("released %s %s on %s (offset %d)%n", release.getName(), release.getVersion(),
                    kafka.topicNames().of(Topics.MODELS), offset);
        }
        return outcome;
    }

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }
}
