package io.ferstream.trainer.training;

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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferstream.trainer.network.FerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's checkpoint folder, {@code <out>/checkpoint}: each epoch's weights
 * ({@code epoch-NNNN.params}) and Adam's state ({@code epoch-NNNN.optimizer}), committed by
 * {@code state.json}, which alone names the epoch a resume starts from. Every file is written
 * whole or not at all, so a kill at any moment leaves a consistent checkpoint.
 */
final class Checkpoint {

    /**
     * Saved after every epoch, so a killed run can go on; {@code cosine} is the decay in force (null
     * under the plateau rule, and in checkpoints written before it existed).
     */
    record State(int epoch, double[] schedule, int bestEpoch, List<Trainer.EpochStats> history, CosineSchedule cosine,
            String architecture, TrainConfig.Selection selection) {
    }

    private static final String FOLDER = "checkpoint";
    private static final String STATE = "state.json";
    private static final Set<String> LEGACY_FILES = Set.of("last.params", "best.params", "optimizer.state");
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d+)\\.(params|optimizer)");
    // The trainer's logger, so these lines keep the name they have always been logged under.
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Path folder;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The checkpoint of the run writing to {@code out}; creates its folder. */
    Checkpoint(Path out) throws IOException {
        this.folder = out.resolve(FOLDER);
        Files.createDirectories(folder);
    }

    /** Whether {@code out} holds a checkpoint that a resume would go on from. */
    static boolean exists(Path out) {
        return Files.exists(out.resolve(FOLDER).resolve(STATE));
    }

    Path folder() {
        return folder;
    }

    boolean hasState() {
        return Files.exists(folder.resolve(STATE));
    }

    State readState() throws IOException {
        return json.readValue(folder.resolve(STATE).toFile(), State.class);
    }

    /**
     * Writes the epoch's weights and Adam's state, then commits them by writing {@code state.json}
     * (each file by an atomic rename), then deletes what no {@code state.json} can name any more.
     */
    void commit(State state, FerNetwork network, ResumableAdam adam) throws IOException {
        int epoch = state.epoch();
        int bestEpoch = state.bestEpoch();
        writeAtomically(paramsFile(epoch), network::saveParameters);
        writeAtomically(optimizerFile(epoch), out -> adam.save(out, network.getParameters()));
        byte[] stateJson = json.writeValueAsBytes(state);
        syncFolder();
        writeAtomically(folder.resolve(STATE), out -> out.write(stateJson));
        syncFolder();
        deleteFiles(name -> {
            Matcher m = EPOCH_FILE.matcher(name);
            if (!m.matches()) {
                return false;
            }
            int of = Integer.parseInt(m.group(1));
            return of != epoch && !(of == bestEpoch && m.group(2).equals("params"));
        });
    }

    /** Deletes every checkpoint file, so an old run's state.json cannot name files a new run has not committed. */
    void clear() throws IOException {
        deleteFiles(name -> name.equals(STATE) || EPOCH_FILE.matcher(name).matches() || LEGACY_FILES.contains(name));
    }

    private void deleteFiles(Predicate<String> byName) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
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
    void migrateSingleFileLayout(State state) throws IOException {
        Path last = folder.resolve("last.params");
        if (Files.exists(paramsFile(state.epoch())) || !Files.exists(last)) {
            return;
        }
        Path best = folder.resolve("best.params");
        if (state.bestEpoch() > 0 && state.bestEpoch() != state.epoch() && Files.exists(best)) {
            Files.move(best, paramsFile(state.bestEpoch()));
        }
        Path optimizer = folder.resolve("optimizer.state");
        if (Files.exists(optimizer)) {
            Files.move(optimizer, optimizerFile(state.epoch()));
        }
        // last.params last: until it moves, a kill leaves the old layout for the next resume to migrate.
        Files.move(last, paramsFile(state.epoch()));
        Files.deleteIfExists(best);
        LOG.info("{}: moved to epoch-stamped files", folder);
    }

    /** Loads the epoch's weights into {@code network}. */
    void loadParameters(int epoch, FerNetwork network, NDManager manager) throws IOException {
        Path file = paramsFile(epoch);
        if (!Files.exists(file)) {
            throw new IOException("the checkpoint in " + folder + " names " + file.getFileName() + ", which is missing");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            network.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("bad checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Adam's moments and step counts from the epoch; a checkpoint without them restarts them from zero. */
    void loadOptimizer(int epoch, ResumableAdam adam, FerNetwork network, NDManager manager) throws IOException {
        Path file = optimizerFile(epoch);
        if (!Files.exists(file)) {
            LOG.warn("{} has no {}: Adam's moment estimates restart from zero", folder, file.getFileName());
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            adam.load(in, network.getParameters(), manager);
        }
    }

    private Path paramsFile(int epoch) {
        return folder.resolve(String.format(Locale.ROOT, "epoch-%04d.params", epoch));
    }

    private Path optimizerFile(int epoch) {
        return folder.resolve(String.format(Locale.ROOT, "epoch-%04d.optimizer", epoch));
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
    private void syncFolder() {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync {}: {}", folder, e.toString());
        }
    }
}
