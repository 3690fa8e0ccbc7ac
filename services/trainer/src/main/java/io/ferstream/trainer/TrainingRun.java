package io.ferstream.trainer;

import io.ferstream.trainer.data.Fer2013Csv;
import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.data.Inputs;
import io.ferstream.trainer.data.TrainingData;
import io.ferstream.trainer.network.FerNetwork;
import io.ferstream.trainer.network.OnnxWriter;
import io.ferstream.trainer.training.TrainConfig;
import io.ferstream.trainer.training.Trainer;
import io.ferstream.model.eval.Evaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.events.Split;
import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCards;
import io.ferstream.model.SplitMetrics;
import io.ferstream.model.Task;
import io.ferstream.platform.files.Sha256;

/**
 * {@code fer train} end to end: take the {@link TrainingData}, CLAHE images that did not have it yet, train on TRAIN
 * (first {@code limit} images), select on VALIDATION, export {@code model.onnx}, evaluate TEST
 * once through the exported model (the {@code fer evaluate} code path), write {@code card.json}.
 */
public final class TrainingRun {

    public static final String MODEL_FILE = ModelCards.MODEL_FILE;
    public static final String CARD_FILE = ModelCards.CARD_FILE;
    /** Longest a SIGTERM waits: a batch, or a validation pass and a checkpoint (about 10 s here), or a TEST evaluation under way. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(180);

    /** Where the run left its files, and the figures. */
    public record Outcome(Path model, Path card, Trainer.Result result, Evaluation test) {
    }

    private TrainingRun() {
    }

    public static Outcome run(TrainingData data, TrainConfig config, boolean resume, PrintStream log) throws IOException {
        ImageSet rawTrain = data.split(Split.TRAIN);
        ImageSet validation = data.split(Split.VALIDATION);
        ImageSet test = data.split(Split.TEST);
        ImageSet used = config.limit() > 0 ? rawTrain.limit(config.limit()) : rawTrain;
        log.printf("%s: train %d (using %d), validation %d, test %d%n", data.source(), rawTrain.size(), used.size(),
                validation.size(), test.size());
        if (used.size() == 0 || validation.size() == 0 || test.size() == 0) {
            throw new IOException(data.source() + " has " + used.size() + " TRAIN, " + validation.size() + " VALIDATION (PublicTest) and "
                    + test.size() + " TEST (PrivateTest) images; training needs all three");
        }
        long t1 = System.nanoTime();
        ImageSet train = data.modelInputs(used, OnnxWriter.CONTRACT);
        ImageSet validationEq = data.modelInputs(validation, OnnxWriter.CONTRACT);
        if (data.claheApplied()) {
            log.println("pixels already CLAHE'd by the pipeline's enhancer: not applied again");
        } else {
            log.printf("CLAHE on %d images in %.1f s%n", train.size() + validation.size(), (System.nanoTime() - t1) / 1e9);
        }

        try (StopOnShutdown shutdown = new StopOnShutdown(log, STOP_GRACE)) {
            return trainAndDescribe(data, config, resume, log, shutdown, rawTrain, train, validation, validationEq, test);
        }
    }

    /** Trains, exports, evaluates TEST and writes the card, all while a SIGTERM waits for it ({@link StopOnShutdown}). */
    private static Outcome trainAndDescribe(TrainingData data, TrainConfig config, boolean resume, PrintStream log,
            StopOnShutdown shutdown, ImageSet rawTrain, ImageSet train, ImageSet validation, ImageSet validationEq, ImageSet test)
            throws IOException {
        Files.createDirectories(config.out());
        Path model = config.out().resolve(MODEL_FILE);
        Trainer.Result result;
        ObjectNode architecture;
        TrainConfig.LrSchedule lrSchedule;
        try (Trainer trainer = new Trainer(config, resume)) {
            shutdown.onStop(trainer::requestStop);
            lrSchedule = trainer.lrSchedule();
            trainer.onBatchProgress(log::println);
            result = trainer.fit(train, validationEq, e -> log.printf(
                    "epoch %3d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  lr %.1e  %.1f s (training %.2f s per 1,000 images)%s%n",
                    e.epoch(), config.epochs(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(), e.learningRate(),
                    e.seconds(), e.secondsPer1000(), e.best() ? "  *best" : ""));
            // a card must never describe a model it was not written for
            Files.deleteIfExists(config.out().resolve(CARD_FILE));
            OnnxWriter.write(trainer.network(), model);
            architecture = architecture(trainer.network());
            if (shutdown.requested()) {
                throw new Trainer.StoppedException("training stopped on request after its last epoch; " + model
                        + " is written; --resume with the same options exports it again, evaluates TEST and writes " + CARD_FILE);
            }
        } catch (Trainer.StoppedException e) {
            // said here, while the shutdown still waits: once it is released the JVM halts
            log.println(e.getMessage());
            throw e;
        }
        Trainer.EpochStats best = result.best();
        if (result.stoppedByTimeLimit()) {
            log.printf("stopped after epoch %d: another epoch would pass --time-limit %s%n", result.history().size(), config.timeLimit());
        }
        log.printf("best epoch %d: val_acc %.4f (val_loss %.4f); wrote %s%n", best.epoch(), best.valAccuracy(), best.valLoss(), model);

        Evaluation testEval = Inputs.evaluate(model, data.evaluationContract(OnnxWriter.CONTRACT), test);
        log.printf("TEST (PrivateTest, %d images, evaluated once): accuracy %.4f, with flip TTA %.4f, with flip and shift TTA %.4f%n",
                testEval.images(), testEval.accuracy(), testEval.accuracyTta(), testEval.accuracyTtaShifts());

        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(OnnxWriter.PROBABILITIES, "[N, 7] softmax in the class order above");
        outputs.put(OnnxWriter.EMBEDDING, "[N, 256] Dense-256 activation after ReLU (penultimate layer)");
        Provenance provenance = Provenance.ofThisProcess();
        ModelCard card = ModelCard.of(config.architecture().id(), Task.CLASSIFIER, MODEL_FILE, Sha256.of(model), OnnxWriter.CONTRACT)
                .withProvenance(Instant.now().toString(), provenance.command(), provenance.commit())
                .withModel(OnnxWriter.OPSET, Fer2013Csv.CLASSES, outputs, architecture)
                .withFigures(training(mapper, data, config, lrSchedule, rawTrain, train, validation, result),
                        SplitMetrics.selection(validation.size(), Evaluation.round(best.valAccuracy()), Evaluation.round(best.valLoss()),
                                best.epoch()),
                        testEval.toMetrics().withSplit(SplitMetrics.TEST));
        Path cardFile = config.out().resolve(CARD_FILE);
        ModelCards.write(card, cardFile);
        log.printf("wrote %s%n", cardFile);
        return new Outcome(model, cardFile, result, testEval);
    }

    private static ObjectNode architecture(FerNetwork net) {
        ObjectNode a = new ObjectMapper().createObjectNode();
        a.put("name", net.architecture().id());
        a.put("description", net.architecture().description());
        a.put("parameters", net.parameterCount());
        a.put("trainable_parameters", net.trainableParameterCount());
        a.put("input", "[N, 1, 48, 48]");
        return a;
    }

    private static ObjectNode training(ObjectMapper mapper, TrainingData data, TrainConfig c, TrainConfig.LrSchedule lrSchedule,
            ImageSet rawTrain, ImageSet train, ImageSet validation, Trainer.Result result) {
        ObjectNode t = mapper.createObjectNode();
        ObjectNode d = t.putObject("data");
        d.put("source", data.source());
        d.put("run_id", data.runId());
        d.put("pixels", data.claheApplied() ? "CLAHE applied by the pipeline's enhancer" : "raw; CLAHE applied by the trainer");
        d.put("train_available", rawTrain.size());
        d.put("train", train.size());
        d.put("validation", validation.size());
        ArrayNode counts = d.putArray("train_per_class");
        for (int n : train.counts()) {
            counts.add(n);
        }
        ObjectNode r = t.putObject("recipe");
        r.put("engine", "DJL PyTorch (libtorch 2.7.1 CPU)");
        r.put("optimizer", "Adam");
        r.put("learning_rate", c.learningRate());
        r.put("batch_size", c.batchSize());
        r.put("label_smoothing", c.labelSmoothing());
        r.put("class_weights", c.balancedClassWeights() ? "balanced" : "none");
        r.put("max_epochs", c.epochs());
        r.put("lr_schedule", lrSchedule.name().toLowerCase(Locale.ROOT));
        if (lrSchedule == TrainConfig.LrSchedule.PLATEAU) {
            r.put("lr_plateau", "x" + c.lrFactor() + " after " + c.lrPatience() + " epochs, min " + c.minLearningRate());
        } else {
            r.put("lr_cosine", "from the rate in force towards " + c.minLearningRate() + " by epoch " + c.epochs()
                    + " (each epoch's rate is in the history)");
        }
        r.put("early_stop", "patience " + c.stopPatience() + ", min delta " + c.stopMinDelta() + " on validation loss");
        r.put("selection", c.selection() == TrainConfig.Selection.VAL_LOSS
                ? "the epoch with the lowest validation loss" : "the epoch with the highest validation accuracy");
        r.put("augmentation", c.augment() ? "flip 0.5; shift/scale 10%, rotate 15 deg 0.7; brightness/contrast 20% 0.5" : "none");
        r.put("seed", c.seed());
        t.put("epochs_run", result.history().size());
        t.put("best_epoch", result.bestEpoch());
        t.put("stopped_early", result.stoppedEarly());
        t.put("stopped_by_time_limit", result.stoppedByTimeLimit());
        t.put("time_limit", c.timeLimit() == null ? null : c.timeLimit().toString());
        t.put("seconds_per_epoch", Evaluation.round(result.meanSecondsPerEpoch()));
        t.put("seconds_per_1000_images", Evaluation.round(result.history().stream()
                .mapToDouble(Trainer.EpochStats::secondsPer1000).average().orElse(0)));
        t.put("threads", Runtime.getRuntime().availableProcessors());
        ArrayNode h = t.putArray("history");
        for (Trainer.EpochStats e : result.history()) {
            ObjectNode row = h.addObject();
            row.put("epoch", e.epoch());
            row.put("loss", Evaluation.round(e.loss()));
            row.put("accuracy", Evaluation.round(e.accuracy()));
            row.put("val_loss", Evaluation.round(e.valLoss()));
            row.put("val_accuracy", Evaluation.round(e.valAccuracy()));
            row.put("learning_rate", e.learningRate());
            row.put("seconds", Evaluation.round(e.seconds()));
            row.put("train_seconds", Evaluation.round(e.trainSeconds()));
        }
        return t;
    }
}
