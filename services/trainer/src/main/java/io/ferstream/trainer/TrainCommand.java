package io.ferstream.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ferstream.platform.config.InvalidConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer train}: the seed CNN on a FER2013-format CSV → model.onnx + card.json. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the seed CNN (DJL PyTorch, CPU, offline) on TRAIN, select on VALIDATION, export model.onnx "
                + "and card.json with TEST accuracy evaluated once at the end.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "FER2013-format CSV (emotion,pixels,Usage), plain or .gz: the raw FER2013 file or a cleaned export.")
    Path data;

    @Option(names = "--epochs", defaultValue = "50", description = "Most epochs (early stopping may end sooner). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--limit", defaultValue = "0", description = "Train on the first N training images only (0: all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--out", defaultValue = "model-seed", paramLabel = "DIR",
            description = "Output folder (model.onnx, card.json, checkpoint/). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--no-augment", description = "Train without augmentation.")
    boolean noAugment;

    @Option(names = "--resume", description = "Go on from DIR/checkpoint (weights and schedule; Adam moments restart).")
    boolean resume;

    TrainConfig config() {
        if (!Files.isRegularFile(data)) {
            throw new InvalidConfigException("data", data, "no such file");
        }
        return TrainConfig.seed(out).withEpochs(epochs).withLimit(limit).withSeed(seed).withAugment(!noAugment);
    }

    @Override
    public Integer call() throws Exception {
        TrainingRun.run(data, config(), resume, System.out);
        return 0;
    }
}
