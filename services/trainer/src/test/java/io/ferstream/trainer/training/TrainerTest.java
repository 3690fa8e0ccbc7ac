package io.ferstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.data.Inputs;
import io.ferstream.trainer.data.Synthetic;
import io.ferstream.trainer.network.Architecture;
import io.ferstream.trainer.network.OnnxWriter;
import io.ferstream.trainer.network.SeedNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.platform.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @Test
    void lossFallsOnAFixedBatch(@TempDir Path dir) throws Exception {
        ImageSet set = Inputs.equalise(Synthetic.images(64, 5), OnnxWriter.CONTRACT);
        float[] x = Inputs.batch(set, 0, 64, OnnxWriter.CONTRACT);
        long[] y = new long[64];
        float[] w = new float[64];
        for (int i = 0; i < 64; i++) {
            y[i] = set.labels()[i];
            w[i] = 1f;
        }
        TrainConfig config = TrainConfig.seed(dir).withAugment(false);
        try (Trainer trainer = new Trainer(config, false)) {
            assertThat(trainer.network().parameterCount()).isEqualTo(SeedNetwork.PARAMETERS);
            float first = trainer.step(x, y, w)[0];
            float last = first;
            for (int i = 0; i < 11; i++) {
                last = trainer.step(x, y, w)[0];
            }
            System.out.printf("fixed batch: loss %.4f -> %.4f after 12 steps%n", first, last);
            assertThat(first).isBetween(1.5f, 3.5f); // about ln 7 = 1.95 at the start
            assertThat(last).isLessThan(first * 0.6f);
        }
    }

    @Test
    void fitsCheckpointsAndResumes(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(64, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(14, 2), OnnxWriter.CONTRACT);
        TrainConfig config = TrainConfig.seed(dir).withEpochs(2);
        List<Trainer.EpochStats> seen = new ArrayList<>();
        int best;
        try (Trainer trainer = new Trainer(config, false)) {
            Trainer.Result r = trainer.fit(train, val, seen::add);
            best = r.bestEpoch();
            assertThat(r.history()).hasSize(2);
            assertThat(r.bestEpoch()).isBetween(1, 2);
            assertThat(seen).extracting(Trainer.EpochStats::epoch).containsExactly(1, 2);
            assertThat(seen.get(0).seconds()).isPositive();
            assertThat(seen.get(0).images()).isEqualTo(64);
            // the best epoch's weights are back in the network
            double[] now = trainer.evaluate(val);
            assertThat(now[0]).isCloseTo(r.best().valLoss(), org.assertj.core.data.Offset.offset(1e-4));
        }
        // the last epoch's weights and Adam's state, the best epoch's weights; nothing older
        List<String> files;
        try (var listing = Files.list(dir.resolve("checkpoint"))) {
            files = listing.map(f -> f.getFileName().toString()).toList();
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(Set.copyOf(List.of("state.json", "epoch-0002.params", "epoch-0002.optimizer",
                String.format(Locale.ROOT, "epoch-%04d.params", best))));

        // a "killed" run goes on from epoch 3 with its history
        try (Trainer trainer = new Trainer(config.withEpochs(3), true)) {
            Trainer.Result r = trainer.fit(train, val, e -> { });
            assertThat(r.history()).extracting(Trainer.EpochStats::epoch).containsExactly(1, 2, 3);
            assertThat(r.history().get(0)).isEqualTo(seen.get(0));
        }

        // with no epoch left, a resume trains nothing and restores the best (how a stopped run is exported)
        List<Trainer.EpochStats> more = new ArrayList<>();
        try (Trainer trainer = new Trainer(config.withEpochs(3), true)) {
            Trainer.Result r = trainer.fit(train, val, more::add);
            assertThat(more).isEmpty();
            assertThat(r.history()).hasSize(3);
            assertThat(trainer.evaluate(val)[0]).isCloseTo(r.best().valLoss(), org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void aStopRequestIsHonouredBetweenBatchesWithinAnEpoch(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(150, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(14, 2), OnnxWriter.CONTRACT);
        List<String> progress = new ArrayList<>();
        List<Trainer.EpochStats> epochs = new ArrayList<>();
        try (Trainer trainer = new Trainer(TrainConfig.seed(dir).withEpochs(1).withBatchSize(1).withAugment(false), false)) {
            // the progress line after batch 100 of 150 is the last thing that happens before the stop
            trainer.onBatchProgress(line -> {
                progress.add(line);
                trainer.requestStop();
            });
            assertThatThrownBy(() -> trainer.fit(train, val, epochs::add))
                    .isInstanceOf(Trainer.StoppedException.class)
                    .hasMessage("training stopped on request during epoch 1; no epoch was completed, so there is nothing to resume");
        }
        assertThat(progress).hasSize(1).first().asString().startsWith("  epoch 1: batch 100/150");
        assertThat(epochs).isEmpty();
        assertThat(dir.resolve("checkpoint/state.json")).doesNotExist();
    }

    @Test
    void aStopRequestEndsTrainingBeforeTheNextBatchAndLeavesTheLastWholeEpochToResume(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(64, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(14, 2), OnnxWriter.CONTRACT);
        TrainConfig config = TrainConfig.seed(dir).withEpochs(3);
        try (Trainer trainer = new Trainer(config, false)) {
            // as the shutdown hook does, from another thread, while epoch 1 is being reported
            assertThatThrownBy(() -> trainer.fit(train, val, e -> {
                Thread signal = new Thread(trainer::requestStop);
                signal.start();
                try {
                    signal.join();
                } catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            }))
                    .isInstanceOf(Trainer.StoppedException.class)
                    .hasMessage("training stopped on request during epoch 2; the checkpoint holds epoch 1 and --resume goes on from there");
        }
        assertThat(new ObjectMapper().readTree(dir.resolve("checkpoint/state.json").toFile()).path("epoch").asInt()).isEqualTo(1);
        try (Trainer trainer = new Trainer(config, true)) {
            List<Trainer.EpochStats> resumed = new ArrayList<>();
            trainer.fit(train, val, resumed::add);
            assertThat(resumed).extracting(Trainer.EpochStats::epoch).containsExactly(2, 3);
        }
    }

    @Test
    void aResumedRunGoesOnExactlyAsIfItHadNotStopped(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(128, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(14, 2), OnnxWriter.CONTRACT);
        TrainConfig straight = TrainConfig.seed(dir.resolve("straight")).withArchitecture(Architecture.RESNET).withEpochs(2);
        Trainer.EpochStats uninterrupted;
        try (Trainer trainer = new Trainer(straight, false)) {
            uninterrupted = trainer.fit(train, val, e -> { }).history().get(1);
        }

        TrainConfig killed = TrainConfig.seed(dir.resolve("killed")).withArchitecture(Architecture.RESNET).withEpochs(1);
        try (Trainer trainer = new Trainer(killed, false)) {
            trainer.fit(train, val, e -> { });
        }
        assertThat(dir.resolve("killed/checkpoint/epoch-0001.optimizer")).exists();
        // A kill while epoch 2's files were being written leaves them half done; state.json still names epoch 1.
        Files.write(dir.resolve("killed/checkpoint/epoch-0002.params"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("killed/checkpoint/epoch-0002.optimizer.tmp"), new byte[] {4, 5});
        Trainer.EpochStats resumed;
        try (Trainer trainer = new Trainer(killed.withEpochs(2), true)) {
            resumed = trainer.fit(train, val, e -> { }).history().get(1);
        }
        assertThat(resumed.loss()).isEqualTo(uninterrupted.loss());
        assertThat(resumed.valLoss()).isEqualTo(uninterrupted.valLoss());

        // A checkpoint in the single-file layout of earlier builds resumes exactly too, and is moved to epoch files.
        TrainConfig legacy = TrainConfig.seed(dir.resolve("legacy")).withArchitecture(Architecture.RESNET).withEpochs(1);
        try (Trainer trainer = new Trainer(legacy, false)) {
            trainer.fit(train, val, e -> { });
        }
        Path checkpoint = dir.resolve("legacy/checkpoint");
        Files.copy(checkpoint.resolve("epoch-0001.params"), checkpoint.resolve("best.params"));
        Files.move(checkpoint.resolve("epoch-0001.params"), checkpoint.resolve("last.params"));
        Files.move(checkpoint.resolve("epoch-0001.optimizer"), checkpoint.resolve("optimizer.state"));
        try (Trainer trainer = new Trainer(legacy.withEpochs(2), true)) {
            assertThat(trainer.fit(train, val, e -> { }).history().get(1).loss()).isEqualTo(uninterrupted.loss());
        }
        assertThat(checkpoint.resolve("last.params")).doesNotExist();
        assertThat(checkpoint.resolve("best.params")).doesNotExist();
        assertThat(checkpoint.resolve("epoch-0002.params")).exists();

        // A new run into a used folder first clears the old run's checkpoint: a kill before its own
        // first commit must not leave the old state.json naming the new run's files.
        try (Trainer trainer = new Trainer(legacy, false)) {
            assertThat(checkpoint.resolve("state.json")).doesNotExist();
            assertThat(checkpoint.resolve("epoch-0002.params")).doesNotExist();
        }

        // Without Adam's state (a checkpoint from before it was saved) the second epoch is another one.
        TrainConfig old = TrainConfig.seed(dir.resolve("old")).withArchitecture(Architecture.RESNET).withEpochs(1);
        try (Trainer trainer = new Trainer(old, false)) {
            trainer.fit(train, val, e -> { });
        }
        Files.delete(dir.resolve("old/checkpoint/epoch-0001.optimizer"));
        try (Trainer trainer = new Trainer(old.withEpochs(2), true)) {
            assertThat(trainer.fit(train, val, e -> { }).history().get(1).loss()).isNotEqualTo(uninterrupted.loss());
        }
    }

    @Test
    void aPlateauRunResumedUnderCosineDecaysFromTheRateInForceAndKeepsItsSpanAfterAKill(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(64, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(14, 2), OnnxWriter.CONTRACT);
        TrainConfig plateau = TrainConfig.seed(dir).withEpochs(1).withAugment(false);
        try (Trainer trainer = new Trainer(plateau, false)) {
            assertThat(trainer.lrSchedule()).isEqualTo(TrainConfig.LrSchedule.PLATEAU);
            assertThat(trainer.fit(train, val, e -> { }).history().get(0).learningRate()).isEqualTo(3e-4f);
        }
        // As if the plateau rule had halved the rate: the decay must start from 1.5e-4, not the configured 3e-4.
        setPlateauRate(dir, 1.5e-4);
        TrainConfig cosine = plateau.withEpochs(4).withLrSchedule(TrainConfig.LrSchedule.COSINE);
        List<Trainer.EpochStats> seen = new ArrayList<>();
        // stopped after epoch 2 (as by a kill) ...
        try (Trainer trainer = new Trainer(cosine.withTimeLimit(java.time.Duration.ofMillis(1)), true)) {
            assertThat(trainer.fit(train, val, seen::add).stoppedByTimeLimit()).isTrue();
        }
        // ... and resumed without naming the rule: the checkpoint's decay goes on along its span 2..4
        try (Trainer trainer = new Trainer(plateau.withEpochs(4), true)) {
            assertThat(trainer.lrSchedule()).isEqualTo(TrainConfig.LrSchedule.COSINE);
            trainer.fit(train, val, seen::add);
        }
        CosineSchedule expected = new CosineSchedule(2, 4, 1.5e-4f, 1e-6f);
        assertThat(seen).extracting(Trainer.EpochStats::epoch).containsExactly(2, 3, 4);
        for (Trainer.EpochStats e : seen) {
            assertThat((double) e.learningRate()).isCloseTo(expected.rate(e.epoch()), org.assertj.core.data.Offset.offset(1e-9));
        }

        // more epochs asked for: a new decay over 5..6 from where the old one was (its epoch-5 rate), no jump back up
        List<Trainer.EpochStats> longer = new ArrayList<>();
        try (Trainer trainer = new Trainer(cosine.withEpochs(6), true)) {
            trainer.fit(train, val, longer::add);
        }
        CosineSchedule extended = new CosineSchedule(5, 6, expected.rate(5), 1e-6);
        assertThat(longer).extracting(Trainer.EpochStats::epoch).containsExactly(5, 6);
        assertThat((double) longer.get(0).learningRate()).isCloseTo(extended.rate(5), org.assertj.core.data.Offset.offset(1e-9))
                .isLessThan(1.5e-4 / 2);
    }

    @Test
    void aWarmRestartOnResumeStartsANewDecayFromTheGivenRate(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(64, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(14, 2), OnnxWriter.CONTRACT);
        TrainConfig cosine = TrainConfig.seed(dir).withEpochs(2).withAugment(false).withLrSchedule(TrainConfig.LrSchedule.COSINE);
        try (Trainer trainer = new Trainer(cosine, false)) {
            trainer.fit(train, val, e -> { });
        }
        // the decay ended at 1e-6; the restart goes back up to 2e-4 and decays again over 3..4
        List<Trainer.EpochStats> seen = new ArrayList<>();
        TrainConfig restart = cosine.withEpochs(4).withLearningRate(2e-4f).withRestartLearningRate(true);
        try (Trainer trainer = new Trainer(restart, true)) {
            trainer.fit(train, val, seen::add);
        }
        CosineSchedule expected = new CosineSchedule(3, 4, 2e-4f, 1e-6f);
        // under the plateau rule a restart rate would be ignored: refused instead
        TrainConfig plateauRestart = restart.withEpochs(5).withLrSchedule(TrainConfig.LrSchedule.PLATEAU);
        assertThatThrownBy(() -> new Trainer(plateauRestart, true))
                .isInstanceOf(io.ferstream.platform.config.InvalidConfigException.class).hasMessageContaining("COSINE");
        assertThat(seen).extracting(Trainer.EpochStats::epoch).containsExactly(3, 4);
        assertThat(seen.get(0).learningRate()).isEqualTo(2e-4f);
        assertThat((double) seen.get(1).learningRate()).isCloseTo(expected.rate(4), org.assertj.core.data.Offset.offset(1e-9));
    }

    /** Rewrites the plateau rule's rate in a checkpoint's state.json. */
    private static void setPlateauRate(Path dir, double rate) throws java.io.IOException {
        Path state = dir.resolve("checkpoint/state.json");
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(state.toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("schedule")).set(0, rate);
        assertThat(root.has("cosine")).isTrue();
        root.remove("cosine"); // as a checkpoint written before the cosine rule existed
        mapper.writeValue(state.toFile(), root);
    }

    @Test
    void aTimeLimitEndsTrainingAfterTheEpochThatWouldOverrunIt(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(64, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(14, 2), OnnxWriter.CONTRACT);
        TrainConfig config = TrainConfig.seed(dir).withEpochs(5).withTimeLimit(java.time.Duration.ofMillis(1));
        try (Trainer trainer = new Trainer(config, false)) {
            Trainer.Result r = trainer.fit(train, val, e -> { });
            assertThat(r.history()).hasSize(1);
            assertThat(r.stoppedByTimeLimit()).isTrue();
            assertThat(r.stoppedEarly()).isFalse();
            assertThat(r.bestEpoch()).isEqualTo(1);
        }
        TrainConfig generous = TrainConfig.seed(dir.resolve("b")).withEpochs(2).withTimeLimit(java.time.Duration.ofHours(1));
        try (Trainer trainer = new Trainer(generous, false)) {
            Trainer.Result r = trainer.fit(train, val, e -> { });
            assertThat(r.history()).hasSize(2);
            assertThat(r.stoppedByTimeLimit()).isFalse();
        }
    }

    @Test
    void selectionOnValidationAccuracyKeepsTheMostAccurateEpoch(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(64, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(28, 2), OnnxWriter.CONTRACT);
        TrainConfig config = TrainConfig.seed(dir).withArchitecture(Architecture.RESNET).withLearningRate(1e-3f).withEpochs(4)
                .withSelection(TrainConfig.Selection.VAL_ACCURACY);
        try (Trainer trainer = new Trainer(config, false)) {
            Trainer.Result r = trainer.fit(train, val, e -> { });
            double most = r.history().stream().mapToDouble(Trainer.EpochStats::valAccuracy).max().orElseThrow();
            // the first epoch that reached the highest accuracy is kept, and its weights are back in the network
            int first = r.history().stream().filter(e -> e.valAccuracy() == most).findFirst().orElseThrow().epoch();
            assertThat(r.bestEpoch()).isEqualTo(first);
            assertThat(trainer.evaluate(val)[1]).isEqualTo(most);
            assertThat(r.history().get(0).learningRate()).isEqualTo(1e-3f);
        }
    }

    @Test
    void aCheckpointIsResumedOnlyWithItsOwnArchitectureAndSelection(@TempDir Path dir) throws Exception {
        ImageSet train = Inputs.equalise(Synthetic.images(64, 1), OnnxWriter.CONTRACT);
        ImageSet val = Inputs.equalise(Synthetic.images(14, 2), OnnxWriter.CONTRACT);
        TrainConfig resnet = TrainConfig.seed(dir).withArchitecture(Architecture.RESNET).withEpochs(1).withAugment(false);
        try (Trainer trainer = new Trainer(resnet, false)) {
            trainer.fit(train, val, e -> { });
        }
        assertThatThrownBy(() -> new Trainer(TrainConfig.seed(dir).withEpochs(2), true))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("holds a resnet network").hasMessageContaining("--architecture resnet");
        assertThatThrownBy(() -> new Trainer(resnet.withEpochs(2).withSelection(TrainConfig.Selection.VAL_ACCURACY), true))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("keeps the epoch by VAL_LOSS").hasMessageContaining("--select-on VAL_LOSS");
        try (Trainer trainer = new Trainer(resnet.withEpochs(2), true)) {
            assertThat(trainer.fit(train, val, e -> { }).history()).extracting(Trainer.EpochStats::epoch).containsExactly(1, 2);
        }
    }

    @Test
    void balancedWeightsFollowSklearn() {
        ImageSet set = new ImageSet(new byte[][] {{}, {}, {}, {}}, new int[] {0, 0, 0, 3});
        float[] w = Trainer.balancedWeights(set);
        assertThat(w[0]).isEqualTo(4f / (7 * 3));
        assertThat(w[3]).isEqualTo(4f / 7);
        assertThat(w[1]).isZero();
    }
}
