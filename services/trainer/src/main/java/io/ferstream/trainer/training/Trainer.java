package io.ferstream.trainer.training;

import io.ferstream.trainer.data.Fer2013Csv;
import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.data.Inputs;
import io.ferstream.trainer.network.Architecture;
import io.ferstream.trainer.network.FerNetwork;
import io.ferstream.trainer.network.OnnxWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ai.djl.MalformedModelException;
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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferstream.platform.config.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link FerNetwork} of the config's {@link Architecture} on CPU with DJL's PyTorch engine,
 * following a {@link TrainConfig}.
 *
 * <p>Inputs are CLAHE'd sets (see {@link Inputs#equalise}); pixels are scaled to [0, 1]. Every
 * epoch shuffles the training set and augments each image ({@link Augmenter}) with a
 * {@link Random} seeded from (seed, epoch), and seeds the engine (dropout) the same way, so a run
 * and a resumed run see the same batches. Validation runs without augmentation or dropout and
 * without class weights (as Keras does). After every epoch the weights go to
 * {@code <out>/checkpoint/epoch-NNNN.params}, Adam's state to {@code epoch-NNNN.optimizer}, and
 * then the schedule, the history and the best epoch (by validation loss as in the recipe, or by
 * validation accuracy when the config says so) to {@code state.json}. Only {@code state.json}
 * names the epoch a resume starts from, so a kill at any moment leaves a consistent checkpoint;
 * once it is written, the files of other epochs are deleted, except the best epoch's weights,
 * which are loaded back at the end.
 *
 * <p>The learning rate follows the recipe's {@link PlateauSchedule} or, when the config asks for
 * it, a {@link CosineSchedule} to the last epoch; early stopping watches the validation loss either
 * way.
 *
 * <p>Resuming ({@link #fit} with {@code resume}) restores the weights, Adam's moment estimates and
 * step counts ({@link ResumableAdam}), the schedule and the history, so a killed run goes on as if
 * it had not stopped.
 */
public final class Trainer implements AutoCloseable {

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

    /**
     * Saved after every epoch, so a killed run can go on; {@code cosine} is the decay in force (null
     * under the plateau rule, and in checkpoints written before it existed).
     */
    record State(int epoch, double[] schedule, int bestEpoch, List<EpochStats> history, CosineSchedule cosine,
            String architecture, TrainConfig.Selection selection) {
    }

    private static final String CHECKPOINT = "checkpoint";
    private static final String STATE = "state.json";
    private static final Set<String> LEGACY_FILES = Set.of("last.params", "best.params", "optimizer.state");
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d+)\\.(params|optimizer)");
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
    private final PlateauSchedule schedule;
    private final Path checkpoints;
    private final State resumedState;
    private final TrainConfig.LrSchedule lrSchedule;
    private CosineSchedule cosine;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Augmenter augmenter = new Augmenter(FerNetwork.SIDE);
    private volatile float learningRate;
    private volatile boolean stopRequested;
    private Consumer<String> batchProgress = s -> { };

    /**
     * @param resume go on from {@code <out>/checkpoint} when it holds a {@code state.json}
     */
    public Trainer(TrainConfig config, boolean resume) throws IOException {
        DjlSetup.offline();
        this.config = config;
        this.checkpoints = config.out().resolve(CHECKPOINT);
        Files.createDirectories(checkpoints);
        Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
        this.network = config.architecture().create();
        this.model = Model.newInstance(config.architecture().id(), "PyTorch");
        model.setBlock(network);
        this.schedule = new PlateauSchedule(config.learningRate(), config.lrPatience(), config.lrFactor(),
                config.minLearningRate(), config.stopPatience(), config.stopMinDelta());
        this.learningRate = config.learningRate();
        this.loss = new SmoothedCrossEntropy(config.labelSmoothing());
        this.validationLoss = loss;
        boolean resumed = resume && Files.exists(checkpoints.resolve(STATE));
        if (resume && !resumed) {
            LOG.info("no checkpoint in {}: starting a new run", checkpoints);
        }
        if (!resumed) {
            // A fresh run must not leave an old run's state.json naming its files until its own first commit.
            clearCheckpoint();
        }
        this.resumedState = resumed ? json.readValue(checkpoints.resolve(STATE).toFile(), State.class) : null;
        if (resumed) {
            migrateSingleFileLayout();
            // Checkpoints from before there was a choice hold the seed network.
            String saved = resumedState.architecture() == null ? Architecture.SEED.id() : resumedState.architecture();
            if (!saved.equals(config.architecture().id())) {
                throw new InvalidConfigException("architecture", config.architecture().id(), "the checkpoint in " + checkpoints
                        + " holds a " + saved + " network: resume it with --architecture " + saved + " --out " + config.out());
            }
            // The kept epoch so far was chosen by the checkpoint's rule; another rule could not be honoured now.
            if (resumedState.selection() != null && resumedState.selection() != config.selection()) {
                throw new InvalidConfigException("select-on", config.selection(), "the checkpoint in " + checkpoints
                        + " keeps the epoch by " + resumedState.selection() + ": resume it with --select-on " + resumedState.selection());
            }
        }
        if (resumed) {
            network.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
            load(paramsFile(resumedState.epoch()));
        }
        ParameterTracker rate = (name, updates) -> learningRate;
        // Keras' Adam: beta 0.9 / 0.999, epsilon 1e-7.
        this.adam = new ResumableAdam(rate, 0.9f, 0.999f, 1e-7f);
        this.djl = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adam));
        djl.initialize(INPUT);
        if (resumed) {
            loadOptimizerState();
        }
        if (resumedState != null) {
            schedule.restore(resumedState.schedule());
            learningRate = (float) schedule.learningRate();
        }
        CosineSchedule kept = resumedState == null ? null : resumedState.cosine();
        TrainConfig.LrSchedule rule = config.lrSchedule() != null ? config.lrSchedule()
                : kept != null ? TrainConfig.LrSchedule.COSINE : TrainConfig.LrSchedule.PLATEAU;
        if (rule == TrainConfig.LrSchedule.COSINE) {
            int next = resumedState == null ? 1 : resumedState.epoch() + 1;
            // The rate in force: a resumed decay's own, else the plateau rule's (the configured one when fresh).
            double base = kept != null ? kept.rate(next) : learningRate;
            // A killed decay goes on along its span; a new --epochs starts a new decay from where it was.
            cosine = kept != null && kept.end() == config.epochs()
                    ? kept
                    : new CosineSchedule(next, Math.max(next, config.epochs()), base, Math.min(config.minLearningRate(), base));
        }
        this.lrSchedule = rule;
    }

    /** Whether {@code out} holds a checkpoint that {@code resume} would go on from. */
    public static boolean hasCheckpoint(Path out) {
        return Files.exists(out.resolve(CHECKPOINT).resolve(STATE));
    }

    /** The learning-rate rule this run follows (the config's, or the resumed checkpoint's when it names none). */
    public TrainConfig.LrSchedule lrSchedule() {
        return lrSchedule;
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
        boolean stopped = resumedState != null && schedule.stopped();
        boolean outOfTime = false;
        long fitStart = System.nanoTime();
        if (cosine != null) {
            learningRate = (float) cosine.rate(first);
        }
        for (int epoch = first; epoch <= config.epochs() && !stopped && !outOfTime; epoch++) {
            long start = System.nanoTime();
            double[] trainFigures = trainEpoch(train, classWeights, epoch);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double[] val = evaluate(validation);
            double seconds = (System.nanoTime() - start) / 1e9;
            PlateauSchedule.Step step = schedule.onEpochEnd(val[0]);
            boolean kept = config.selection() == TrainConfig.Selection.VAL_LOSS
                    ? step.best()
                    : bestEpoch == 0 || val[1] > history.get(bestEpoch - 1).valAccuracy();
            EpochStats stats = new EpochStats(epoch, trainFigures[0], trainFigures[1], val[0], val[1], learningRate,
                    seconds, trainSeconds, train.size(), kept);
            learningRate = (float) (cosine != null ? cosine.rate(epoch + 1) : step.learningRate());
            history.add(stats);
            if (kept) {
                bestEpoch = epoch;
            }
            checkpoint(stats, bestEpoch, history);
            progress.accept(stats);
            stopped = step.stop();
            // Another epoch like this one would end past the budget: stop now, with the best epoch so far.
            outOfTime = epoch < config.epochs() && config.timeLimit() != null
                    && System.nanoTime() - fitStart + (long) (seconds * 1e9) > config.timeLimit().toNanos();
        }
        if (bestEpoch > 0) {
            load(paramsFile(bestEpoch));
        }
        return new Result(history, bestEpoch, stopped, outOfTime && !stopped);
    }

    /** One pass over the training set; returns {mean weighted loss, accuracy}. */
    private double[] trainEpoch(ImageSet train, float[] classWeights, int epoch) {
        Random rnd = new Random(config.seed() * 1_000_003L + epoch);
        Engine.getEngine("PyTorch").setRandomSeed((int) (config.seed() * 31 + epoch));
        int[] order = shuffled(train.size(), rnd);
        int bs = config.batchSize();
        double lossSum = 0;
        long correct = 0;
        int batches = (train.size() + bs - 1) / bs;
        for (int b = 0; b < batches; b++) {
            stopIfRequested(epoch);
            int from = b * bs;
            int n = Math.min(bs, train.size() - from);
            float[] x = new float[n * ImageSet.AREA];
            long[] y = new long[n];
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                int idx = order[from + i];
                byte[] p = train.pixels()[idx];
                int o = i * ImageSet.AREA;
                for (int k = 0; k < ImageSet.AREA; k++) {
                    x[o + k] = (p[k] & 0xFF) / 255f;
                }
                if (config.augment()) {
                    augmenter.apply(x, o, rnd);
                }
                y[i] = train.labels()[idx];
                w[i] = classWeights[train.labels()[idx]];
            }
            float[] r = step(x, y, w);
            lossSum += r[0] * n;
            correct += (long) r[1];
            if ((b + 1) % 100 == 0) {
                batchProgress.accept(String.format("  epoch %d: batch %d/%d, loss %.4f", epoch, b + 1, batches, lossSum / (from + n)));
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

    /**
     * Writes the epoch's weights and Adam's state, then commits them by writing {@code state.json}
     * (each file by an atomic rename), then deletes what no {@code state.json} can name any more.
     */
    private void checkpoint(EpochStats stats, int bestEpoch, List<EpochStats> history) throws IOException {
        int epoch = stats.epoch();
        writeAtomically(paramsFile(epoch), network::saveParameters);
        writeAtomically(optimizerFile(epoch), out -> adam.save(out, network.getParameters()));
        byte[] state = json.writeValueAsBytes(new State(epoch, schedule.state(), bestEpoch, history, cosine,
                config.architecture().id(), config.selection()));
        syncCheckpointFolder();
        writeAtomically(checkpoints.resolve(STATE), out -> out.write(state));
        syncCheckpointFolder();
        deleteCheckpointFiles(name -> {
            Matcher m = EPOCH_FILE.matcher(name);
            if (!m.matches()) {
                return false;
            }
            int of = Integer.parseInt(m.group(1));
            return of != epoch && !(of == bestEpoch && m.group(2).equals("params"));
        });
    }

    private void clearCheckpoint() throws IOException {
        deleteCheckpointFiles(name -> name.equals(STATE) || EPOCH_FILE.matcher(name).matches() || LEGACY_FILES.contains(name));
    }

    private void deleteCheckpointFiles(Predicate<String> byName) throws IOException {
        try (Stream<Path> files = Files.list(checkpoints)) {
            for (Path file : files.toList()) {
                if (byName.test(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * Renames a checkpoint written before the epoch-stamped layout ({@code last.params},
     * {@code best.params}, {@code optimizer.state}) into it, so older runs resume with this build.
     */
    private void migrateSingleFileLayout() throws IOException {
        Path last = checkpoints.resolve("last.params");
        if (Files.exists(paramsFile(resumedState.epoch())) || !Files.exists(last)) {
            return;
        }
        Path best = checkpoints.resolve("best.params");
        if (resumedState.bestEpoch() > 0 && resumedState.bestEpoch() != resumedState.epoch() && Files.exists(best)) {
            Files.move(best, paramsFile(resumedState.bestEpoch()));
        }
        Path optimizer = checkpoints.resolve("optimizer.state");
        if (Files.exists(optimizer)) {
            Files.move(optimizer, optimizerFile(resumedState.epoch()));
        }
        // last.params last: until it moves, a kill leaves the old layout for the next resume to migrate.
        Files.move(last, paramsFile(resumedState.epoch()));
        Files.deleteIfExists(best);
        LOG.info("{}: moved to epoch-stamped files", checkpoints);
    }

    private Path paramsFile(int epoch) {
        return checkpoints.resolve(String.format(Locale.ROOT, "epoch-%04d.params", epoch));
    }

    private Path optimizerFile(int epoch) {
        return checkpoints.resolve(String.format(Locale.ROOT, "epoch-%04d.optimizer", epoch));
    }

    /** Writes one checkpoint file. */
    @FunctionalInterface
    private interface FileContent {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** Writes {@code file} through a synced temporary file and a rename, so it is whole or absent, even after a crash. */
    private static void writeAtomically(Path file, FileContent content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)))) {
            content.writeTo(out);
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes the renames so far durable: the epoch's files before state.json names them, state.json before older files go. */
    private void syncCheckpointFolder() {
        try (FileChannel folder = FileChannel.open(checkpoints, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync {}: {}", checkpoints, e.toString());
        }
    }

    /** Adam's moments and step counts from the checkpoint; a checkpoint without them restarts them from zero. */
    private void loadOptimizerState() throws IOException {
        Path file = optimizerFile(resumedState.epoch());
        if (!Files.exists(file)) {
            LOG.warn("{} has no {}: Adam's moment estimates restart from zero", checkpoints, file.getFileName());
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            adam.load(in, network.getParameters(), model.getNDManager());
        }
    }

    private void load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("the checkpoint in " + checkpoints + " names " + file.getFileName() + ", which is missing");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            network.loadParameters(model.getNDManager(), in);
        } catch (MalformedModelException e) {
            throw new IOException("bad checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static int[] shuffled(int n, Random rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
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
