package io.ferstream.trainer.training;

import io.ferstream.trainer.network.Architecture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import io.ferstream.platform.config.InvalidConfigException;

/**
 * The training recipe. {@link #seed(Path)} is the original's: batch 64, Adam 3e-4, label
 * smoothing 0.1, balanced class weights, up to 50 epochs, lr ×0.5 after 7 epochs without val-loss
 * improvement (min 1e-6), early stop after 25 (min delta 5e-4, best weights restored), augmentation on.
 *
 * @param architecture the network to train ({@link Architecture#SEED} in the original recipe)
 * @param limit use only the first {@code limit} training images (0: all)
 * @param timeLimit start no new epoch that would end past this much training time (null: none); the
 *     best epoch so far is kept, as with early stopping
 * @param lrSchedule how the learning rate moves: the recipe's plateau rule, or a cosine decay towards
 *     {@code minLearningRate} over the remaining epochs (see {@link CosineSchedule}); null: the rule of
 *     the checkpoint being resumed, the plateau rule for a fresh run
 * @param selection which epoch's weights are kept and exported
 * @param restartLearningRate on a resume, start a new decay from {@code learningRate} (a warm restart)
 *     instead of going on from the rate in force
 */
public record TrainConfig(Architecture architecture, Path out, int epochs, int limit, int batchSize, float learningRate, float labelSmoothing,
        boolean balancedClassWeights, int lrPatience, float lrFactor, float minLearningRate, int stopPatience,
        float stopMinDelta, boolean augment, long seed, Duration timeLimit, LrSchedule lrSchedule, Selection selection,
        boolean restartLearningRate) {

    /** The learning-rate rule. */
    public enum LrSchedule {
        /** The recipe: × factor after {@code lrPatience} epochs without a better validation loss. */
        PLATEAU,
        /** Cosine decay from the rate in force towards the minimum, over the epochs left to {@code epochs}. */
        COSINE
    }

    /** Which epoch's weights a run keeps (early stopping watches the validation loss either way). */
    public enum Selection {
        /** The recipe: the lowest validation loss (Keras' restore_best_weights). */
        VAL_LOSS,
        /** The highest validation accuracy. */
        VAL_ACCURACY
    }

    public static final int DEFAULT_EPOCHS = 50;

    public TrainConfig {
        if (architecture == null) {
            throw new InvalidConfigException("architecture", null, "one of " + Architecture.ids());
        }
        if (out == null) {
            throw new InvalidConfigException("out", null, "an output folder is required");
        }
        positive("epochs", epochs);
        if (limit < 0) {
            throw new InvalidConfigException("limit", limit, "must be >= 0 (0 = every training image)");
        }
        positive("batch-size", batchSize);
        if (!(learningRate > 0)) {
            throw new InvalidConfigException("learning-rate", learningRate, "must be > 0");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new InvalidConfigException("label-smoothing", labelSmoothing, "must be in [0, 1)");
        }
        positive("lr-patience", lrPatience);
        if (!(lrFactor > 0 && lrFactor < 1)) {
            throw new InvalidConfigException("lr-factor", lrFactor, "must be in (0, 1)");
        }
        if (!(minLearningRate >= 0 && minLearningRate <= learningRate)) {
            throw new InvalidConfigException("min-learning-rate", minLearningRate, "must be in [0, learning-rate]");
        }
        positive("stop-patience", stopPatience);
        if (!(stopMinDelta >= 0)) {
            throw new InvalidConfigException("stop-min-delta", stopMinDelta, "must be >= 0");
        }
        if (selection == null) {
            throw new InvalidConfigException("select-on", null, "VAL_LOSS or VAL_ACCURACY");
        }
        if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
            throw new InvalidConfigException("time-limit", timeLimit, "must be positive (ISO-8601, e.g. PT2H)");
        }
    }

    /** The original recipe (plateau rule, or the resumed checkpoint's rule), writing to {@code out}. */
    public static TrainConfig seed(Path out) {
        return new TrainConfig(Architecture.SEED, out, DEFAULT_EPOCHS, 0, 64, 3e-4f, 0.1f, true, 7, 0.5f, 1e-6f, 25, 5e-4f, true, 42,
                null, null, Selection.VAL_LOSS, false);
    }

    /**
     * The recipe measured for {@code architecture}: {@link #seed} for the seed network; for resnet the
     * (and small) the same with Adam at 1e-3, a cosine decay over the epochs, no class weights and the epoch of
     * highest validation accuracy kept (the trainer's README has the figures behind each choice).
     */
    public static TrainConfig recipe(Architecture architecture, Path out) {
        return switch (architecture) {
            case SEED -> seed(out);
            case RESNET, SMALL -> seed(out).withArchitecture(architecture).withLearningRate(1e-3f).withLrSchedule(LrSchedule.COSINE)
                    .withSelection(Selection.VAL_ACCURACY).withBalancedClassWeights(false);
        };
    }

    public TrainConfig withArchitecture(Architecture a) {
        return with(c -> c.architecture = a);
    }

    /** The initial rate; the minimum follows it down when it is set below the minimum. */
    public TrainConfig withLearningRate(float rate) {
        return with(c -> {
            c.learningRate = rate;
            c.minLearningRate = Math.min(c.minLearningRate, rate);
        });
    }

    /** On a resume, a new decay from {@link #learningRate()} instead of the rate in force. */
    public TrainConfig withRestartLearningRate(boolean restart) {
        return with(c -> c.restartLearningRate = restart);
    }

    public TrainConfig withEpochs(int n) {
        return with(c -> c.epochs = n);
    }

    public TrainConfig withBatchSize(int n) {
        return with(c -> c.batchSize = n);
    }

    public TrainConfig withLimit(int n) {
        return with(c -> c.limit = n);
    }

    public TrainConfig withAugment(boolean on) {
        return with(c -> c.augment = on);
    }

    public TrainConfig withSeed(long s) {
        return with(c -> c.seed = s);
    }

    /** @param budget training time after which no new epoch starts; null for none */
    public TrainConfig withTimeLimit(Duration budget) {
        return with(c -> c.timeLimit = budget);
    }

    public TrainConfig withLrSchedule(LrSchedule rule) {
        return with(c -> c.lrSchedule = rule);
    }

    public TrainConfig withBalancedClassWeights(boolean balanced) {
        return with(c -> c.balancedClassWeights = balanced);
    }

    public TrainConfig withSelection(Selection s) {
        return with(c -> c.selection = s);
    }

    /** A copy with {@code change} applied to its fields, validated again. */
    private TrainConfig with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The fields of a config, mutable, for {@link #with}. */
    private static final class Fields {
        Architecture architecture;
        Path out;
        int epochs;
        int limit;
        int batchSize;
        float learningRate;
        float labelSmoothing;
        boolean balancedClassWeights;
        int lrPatience;
        float lrFactor;
        float minLearningRate;
        int stopPatience;
        float stopMinDelta;
        boolean augment;
        long seed;
        Duration timeLimit;
        LrSchedule lrSchedule;
        Selection selection;
        boolean restartLearningRate;

        Fields(TrainConfig c) {
            architecture = c.architecture;
            out = c.out;
            epochs = c.epochs;
            limit = c.limit;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            labelSmoothing = c.labelSmoothing;
            balancedClassWeights = c.balancedClassWeights;
            lrPatience = c.lrPatience;
            lrFactor = c.lrFactor;
            minLearningRate = c.minLearningRate;
            stopPatience = c.stopPatience;
            stopMinDelta = c.stopMinDelta;
            augment = c.augment;
            seed = c.seed;
            timeLimit = c.timeLimit;
            lrSchedule = c.lrSchedule;
            selection = c.selection;
            restartLearningRate = c.restartLearningRate;
        }

        TrainConfig build() {
            return new TrainConfig(architecture, out, epochs, limit, batchSize, learningRate, labelSmoothing, balancedClassWeights,
                    lrPatience, lrFactor, minLearningRate, stopPatience, stopMinDelta, augment, seed, timeLimit, lrSchedule, selection,
                    restartLearningRate);
        }
    }

    private static void positive(String key, int v) {
        if (v < 1) {
            throw new InvalidConfigException(key, v, "must be >= 1");
        }
    }
}
