package io.ferstream.trainer.training;

import io.ferstream.trainer.data.Fer2013Csv;
import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.data.Inputs;
import io.ferstream.trainer.network.Architecture;
import io.ferstream.trainer.network.FerNetwork;
import io.ferstream.trainer.network.OnnxWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.ParameterTracker;
import io.ferstream.platform.config.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link FerNetwork} of the config's {@link Architecture} on CPU with DJL's PyTorch engine,
 * following a {@link TrainConfig}.
 *
 * <p>Inputs are CLAHE'd sets (see {@link Inputs#equalise}); pixels are scaled to [0, 1]. Every
 * epoch shuffles the training set and augments each image ({@link Augmenter}) with a
 * generator seeded from (seed, epoch) ({@link EpochBatches}), and seeds the engine (dropout) the
 * same way, so a run and a resumed run see the same batches. Validation runs without augmentation or dropout and
 * without class weights (as Keras does). After every epoch the weights go to
 * {@code <out>/checkpoint/epoch-NNNN.params}, Adam's state to {@code epoch-NNNN.optimizer}, and
 * then the schedule, the history and the best epoch (by validation loss as in the recipe, or by
 * validation accuracy when the config says so) to {@code state.json} ({@link Checkpoint}). Only {@code state.json}
 * names the epoch a resume starts from, so a kill at any moment leaves a consistent checkpoint;
 * once it is written, the files of other epochs are deleted, except the best epoch's weights,
 * which are loaded back at the end.
 *
 * <p>The learning rate follows the recipe's {@link PlateauSchedule} or, when the config asks for
 * it, a {@link CosineSchedule} to the last epoch ({@link LearningRateSchedule}); early stopping
 * watches the validation loss either way.
 *
 * <p>Resuming ({@link #fit} with {@code resume}) restores the weights, Adam's moment estimates and
 * step counts ({@link ResumableAdam}), the schedule and the history, so a killed run goes on as if
 * it had not stopped.
 */
public final class Trainer implements AutoCloseable {

    private static final String ENGINE = "PyTorch";

    /**
     * One epoch's figures; {@code seconds} is the whole epoch, {@code trainSeconds} the training
     * pass alone (no validation); {@code best} when it is the kept epoch so far (see {@link TrainConfig.Selection}).
     */
    public record EpochStats(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
            double learningRate, double seconds, double trainSeconds, int images, boolean best) {

        /** Training seconds per 1,000 training images (augmentation, forward, backward, step). */
        public double secondsPer1000() {
            return trainSeconds * 1000 / Math.max(images, 1);
        }
    }

    /** Training ended by {@link #requestStop()}; the checkpoint holds every epoch completed before it. */
    public static final class StoppedException extends RuntimeException {
        StoppedException(int epoch) {
            this("training stopped on request during epoch " + epoch + "; " + (epoch > 1
                    ? "the checkpoint holds epoch " + (epoch - 1) + " and --resume goes on from there"
                    : "no epoch was completed, so there is nothing to resume"));
        }

        public StoppedException(String message) {
            super(message);
        }
    }

    /**
     * The run: every epoch (earlier ones too after a resume), the restored best, and why it ended
     * before the last epoch, if it did.
     */
    public record Result(List<EpochStats> history, int bestEpoch, boolean stoppedEarly, boolean stoppedByTimeLimit) {

        public EpochStats best() {
            return history.stream().filter(e -> e.epoch() == bestEpoch).findFirst().orElseThrow();
        }

        public double meanSecondsPerEpoch() {
            return history.stream().mapToDouble(EpochStats::seconds).average().orElse(0);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final Shape INPUT = new Shape(1, 1, FerNetwork.SIDE, FerNetwork.SIDE);
    // 64 like training: bigger batches mean bigger fresh allocations (page faults) and were slower here.
    private static final int EVAL_BATCH = 64;

    private final TrainConfig config;
    private final FerNetwork network;
    private final Model model;
    private final ai.djl.training.Trainer djl;
    private final ResumableAdam adam;
    private final SmoothedCrossEntropy loss;
    private final SmoothedCrossEntropy validationLoss;
    private final Checkpoint checkpoint;
    private final Checkpoint.State resumedState;
    private final LearningRateSchedule rates;
    private final Augmenter augmenter = new Augmenter(FerNetwork.SIDE);
    private volatile boolean stopRequested;
    private Consumer<String> batchProgress = s -> { };

    /**
     * @param resume go on from {@code <out>/checkpoint} when it holds a {@code state.json}
     */
    public Trainer(TrainConfig config, boolean resume) throws IOException {
        requireEngine();
        this.config = config;
        this.checkpoint = new Checkpoint(config.out());
        Engine.getEngine(ENGINE).setRandomSeed((int) config.seed());
        this.network = config.architecture().create();
        this.model = Model.newInstance(config.architecture().id(), ENGINE);
        model.setBlock(network);
        this.loss = new SmoothedCrossEntropy(config.labelSmoothing());
        this.validationLoss = loss;
        boolean resumed = resume && checkpoint.hasState();
        if (resume && !resumed) {
            LOG.info("no checkpoint in {}: starting a new run", checkpoint.folder());
        }
        if (!resumed) {
            // A fresh run must not leave an old run's state.json naming its files until its own first commit.
            checkpoint.clear();
        }
        this.resumedState = resumed ? checkpoint.readState() : null;
        if (resumed) {
            checkpoint.migrateSingleFileLayout(resumedState);
            // Checkpoints from before there was a choice hold the seed network.
            String saved = resumedState.architecture() == null ? Architecture.SEED.id() : resumedState.architecture();
            if (!saved.equals(config.architecture().id())) {
                throw new InvalidConfigException("architecture", config.architecture().id(), "the checkpoint in " + checkpoint.folder()
                        + " holds a " + saved + " network: resume it with --architecture " + saved + " --out " + config.out());
            }
            // The kept epoch so far was chosen by the checkpoint's rule; another rule could not be honoured now.
            if (resumedState.selection() != null && resumedState.selection() != config.selection()) {
                throw new InvalidConfigException("select-on", config.selection(), "the checkpoint in " + checkpoint.folder()
                        + " keeps the epoch by " + resumedState.selection() + ": resume it with --select-on " + resumedState.selection());
            }
            network.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
            checkpoint.loadParameters(resumedState.epoch(), network, model.getNDManager());
        }
        this.rates = new LearningRateSchedule(config, resumedState);
        ParameterTracker rate = (name, updates) -> rates.rate();
        // Keras' Adam: beta 0.9 / 0.999, epsilon 1e-7.
        this.adam = new ResumableAdam(rate, 0.9f, 0.999f, 1e-7f);
        this.djl = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adam));
        djl.initialize(INPUT);
        if (resumed) {
            checkpoint.loadOptimizer(resumedState.epoch(), adam, network, model.getNDManager());
        }
    }

    /**
     * Fails with what to do when DJL's PyTorch engine is absent: the lean services jar
     * ({@code fer-linux-x86_64.jar}) leaves libtorch out, and DJL must never download it at run time.
     */
    public static void requireEngine() {
        DjlSetup.offline();
        if (!Engine.hasEngine(ENGINE)) {
            throw new IllegalStateException("training needs DJL's " + ENGINE + " engine, which this jar leaves out "
                    + "(the lean services jar carries no libtorch): train with the full jar, ./fer train or java -jar fer.jar train");
        }
    }

    /** Whether {@code out} holds a checkpoint that {@code resume} would go on from. */
    public static boolean hasCheckpoint(Path out) {
        return Checkpoint.exists(out);
    }

    /** The learning-rate rule this run follows (the config's, or the resumed checkpoint's when it names none). */
    public TrainConfig.LrSchedule lrSchedule() {
        return rates.rule();
    }

    public FerNetwork network() {
        return network;
    }

    public TrainConfig config() {
        return config;
    }

    /** Asks {@link #fit} to end before its next batch with a {@link StoppedException}; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Receives a line every 100 training batches (for long epochs). */
    public void onBatchProgress(Consumer<String> sink) {
        this.batchProgress = sink;
    }

    /** Balanced class weights: {@code n / (K · count_c)}; 0 for a class with no image. */
    public static float[] balancedWeights(ImageSet train) {
        int[] counts = train.counts();
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) train.size() / (counts.length * (float) counts[c]);
        }
        return w;
    }

    /**
     * Trains on {@code train}, selects on {@code validation} (both already CLAHE'd), calls
     * {@code progress} after every epoch, and leaves the best epoch's weights in the network.
     */
    public Result fit(ImageSet train, ImageSet validation, Consumer<EpochStats> progress) throws IOException {
        if (train.size() == 0 || validation.size() == 0) {
            throw new IllegalArgumentException("need training and validation images, got " + train.size() + " and " + validation.size());
        }
        float[] classWeights = config.balancedClassWeights() ? balancedWeights(train) : ones(Fer2013Csv.CLASSES.size());
        List<EpochStats> history = new ArrayList<>();
        int bestEpoch = 0;
        int first = 1;
        if (resumedState != null) {
            history.addAll(resumedState.history());
            bestEpoch = resumedState.bestEpoch();
            first = resumedState.epoch() + 1;
        }
        // A run that stopped early and was resumed (say, killed while exporting) trains no more.
        boolean stopped = resumedState != null && rates.stopped();
        boolean outOfTime = false;
        long fitStart = System.nanoTime();
        rates.startAt(first);
        for (int epoch = first; epoch <= config.epochs() && !stopped && !outOfTime; epoch++) {
            long start = System.nanoTime();
            double[] trainFigures = trainEpoch(train, classWeights, epoch);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double[] val = evaluate(validation);
            double seconds = (System.nanoTime() - start) / 1e9;
            float trainedAt = rates.rate();
            PlateauSchedule.Step step = rates.onEpochEnd(epoch, val[0]);
            boolean kept = config.selection() == TrainConfig.Selection.VAL_LOSS
                    ? step.best()
                    : bestEpoch == 0 || val[1] > history.get(bestEpoch - 1).valAccuracy();
            EpochStats stats = new EpochStats(epoch, trainFigures[0], trainFigures[1], val[0], val[1], trainedAt,
                    seconds, trainSeconds, train.size(), kept);
            history.add(stats);
            if (kept) {
                bestEpoch = epoch;
            }
            checkpoint.commit(new Checkpoint.State(epoch, rates.plateauState(), bestEpoch, history, rates.cosine(),
                    config.architecture().id(), config.selection()), network, adam);
            progress.accept(stats);
            stopped = step.stop();
            // Another epoch like this one would end past the budget: stop now, with the best epoch so far.
            outOfTime = epoch < config.epochs() && config.timeLimit() != null
                    && System.nanoTime() - fitStart + (long) (seconds * 1e9) > config.timeLimit().toNanos();
        }
        if (bestEpoch > 0) {
            checkpoint.loadParameters(bestEpoch, network, model.getNDManager());
        }
        return new Result(history, bestEpoch, stopped, outOfTime && !stopped);
    }

    /** One pass over the training set; returns {mean weighted loss, accuracy}. */
    private double[] trainEpoch(ImageSet train, float[] classWeights, int epoch) {
        // Dropout's seed, from (seed, epoch) like the batches'.
        Engine.getEngine(ENGINE).setRandomSeed((int) (config.seed() * 31 + epoch));
        EpochBatches batches = new EpochBatches(train, classWeights, config.batchSize(), config.augment() ? augmenter : null,
                config.seed(), epoch);
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        for (int b = 0; b < batches.count(); b++) {
            stopIfRequested(epoch);
            EpochBatches.Batch batch = batches.next();
            float[] r = step(batch.x(), batch.y(), batch.w());
            seen += batch.size();
            lossSum += r[0] * batch.size();
            correct += (long) r[1];
            if ((b + 1) % 100 == 0) {
                batchProgress.accept(String.format("  epoch %d: batch %d/%d, loss %.4f", epoch, b + 1, batches.count(), lossSum / seen));
            }
        }
        return new double[] {lossSum / train.size(), (double) correct / train.size()};
    }

    private void stopIfRequested(int epoch) {
        if (stopRequested) {
            throw new StoppedException(epoch);
        }
    }

    /** One optimiser step on a prepared batch; returns {loss, correct predictions}. */
    float[] step(float[] x, long[] y, float[] w) {
        int n = y.length;
        try (NDManager m = djl.getManager().newSubManager()) {
            NDArray xa = m.create(x, new Shape(n, 1, FerNetwork.SIDE, FerNetwork.SIDE));
            NDArray ya = m.create(y);
            NDArray wa = m.create(w);
            float lossValue;
            float correct;
            try (GradientCollector gc = djl.newGradientCollector()) {
                NDList out = djl.forward(new NDList(xa));
                NDArray l = loss.evaluate(new NDList(ya, wa), out);
                gc.backward(l);
                lossValue = l.getFloat();
                correct = out.get(0).argMax(1).eq(ya).sum().toType(DataType.FLOAT32, false).getFloat();
            }
            djl.step();
            return new float[] {lossValue, correct};
        }
    }

    /** {mean smoothed cross-entropy (unweighted), accuracy} without dropout or augmentation. */
    public double[] evaluate(ImageSet set) {
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < set.size(); from += EVAL_BATCH) {
            int to = Math.min(set.size(), from + EVAL_BATCH);
            float[] x = Inputs.batch(set, from, to, OnnxWriter.CONTRACT);
            long[] y = new long[to - from];
            for (int i = from; i < to; i++) {
                y[i - from] = set.labels()[i];
            }
            try (NDManager m = djl.getManager().newSubManager()) {
                NDArray xa = m.create(x, new Shape(to - from, 1, FerNetwork.SIDE, FerNetwork.SIDE));
                NDArray ya = m.create(y);
                // A fresh store: the trainer's caches the arrays it was initialised with, and
                // restoring a checkpoint replaces them.
                NDList out = network.forward(new ParameterStore(m, false), new NDList(xa), false);
                lossSum += validationLoss.evaluate(new NDList(ya), out).getFloat() * (to - from);
                correct += out.get(0).argMax(1).eq(ya).sum().toType(DataType.INT64, false).getLong();
            }
        }
        return new double[] {lossSum / set.size(), (double) correct / set.size()};
    }

    /** Each image's class probabilities (softmax), without dropout or augmentation. */
    public float[][] probabilities(ImageSet set) {
        float[][] result = new float[set.size()][];
        for (int from = 0; from < set.size(); from += EVAL_BATCH) {
            int to = Math.min(set.size(), from + EVAL_BATCH);
            float[] x = Inputs.batch(set, from, to, OnnxWriter.CONTRACT);
            try (NDManager m = djl.getManager().newSubManager()) {
                NDArray xa = m.create(x, new Shape(to - from, 1, FerNetwork.SIDE, FerNetwork.SIDE));
                float[] p = network.forward(new ParameterStore(m, false), new NDList(xa), false).get(0).softmax(1).toFloatArray();
                int classes = p.length / (to - from);
                for (int i = from; i < to; i++) {
                    result[i] = java.util.Arrays.copyOfRange(p, (i - from) * classes, (i - from + 1) * classes);
                }
            }
        }
        return result;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    @Override
    public void close() {
        djl.close();
        model.close();
    }
}
