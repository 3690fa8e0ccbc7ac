package io.ferstream.labels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.ferstream.model.FerClasses;
import io.ferstream.trainer.data.ImageSet;
import io.ferstream.vision.fer2013.Fer2013Row;
import io.ferstream.vision.fer2013.Fer2013Rows;
import io.ferstream.vision.fer2013.Usage;

/**
 * The label-issue job on a FER2013-format CSV: out-of-fold probabilities for TRAIN ({@code folds}
 * models, each blind to its fold; a softmax regression on features, or small CNNs), probabilities
 * for VALIDATION and TEST from models that never saw them, then confident learning: TRAIN against its own per-class thresholds, the
 * held-out splits against TRAIN's (they are flagged, never removed, by whoever uses the result).
 */
public final class LabelIssuesJob {

    /** The out-of-fold model: a softmax regression on features (seconds), or the trainer's small CNN (tens of minutes). */
    public enum Model { SOFTMAX, CNN }

    /**
     * How the job runs: {@code features} and {@code training} are the softmax model's; {@code cnnEpochs}
     * and {@code workDir} (checkpoints and per-fold probabilities, for resuming) the CNN's.
     */
    public record Config(Path source, int folds, Model model, LabelFeatures features, SoftmaxRegression.Settings training,
                         int cnnEpochs, Path workDir) {
        public Config {
            if (folds < 2) {
                throw new IllegalArgumentException("--folds must be at least 2: " + folds);
            }
            if (model == Model.CNN && (cnnEpochs < 1 || workDir == null)) {
                throw new IllegalArgumentException("the cnn model needs --epochs >= 1 and a work folder");
            }
        }

        String describe() {
            return model == Model.CNN ? CnnOutOfFold.describe(folds, cnnEpochs)
                    : "softmax regression on " + features.tag() + " features, " + training.epochs() + " epochs, " + folds
                    + " folds, seed " + training.seed();
        }
    }

    /** One image: id ({@code fer2013:<row>}, the fetcher's), its split and given label, its probabilities. */
    public record Image(String id, Usage usage, int given, double[] probabilities) {
    }

    /** One image with what confident learning said of it: its issue (null when none) and that issue's rank in its part. */
    public record Judgement(Image image, ConfidentLearning.Issue issue, Integer rank) {
    }

    /** Every image, and confident learning's result per split (issue indices point into that split's images). */
    public record Result(List<Image> train, List<Image> heldOut, ConfidentLearning.Result trainIssues,
                         ConfidentLearning.Result heldOutIssues, double outOfFoldAccuracy, double heldOutAccuracy,
                         Map<String, Double> seconds) {

        /** Every image, TRAIN then the held-out splits, in source order; ranks count within each part. */
        public List<Judgement> judgements() {
            List<Judgement> all = new ArrayList<>(train.size() + heldOut.size());
            addJudgements(all, train, trainIssues);
            if (heldOutIssues != null) {
                addJudgements(all, heldOut, heldOutIssues);
            }
            return all;
        }

        private static void addJudgements(List<Judgement> out, List<Image> images, ConfidentLearning.Result issues) {
            Map<Integer, Integer> rank = new java.util.HashMap<>();
            for (int r = 0; r < issues.issues().size(); r++) {
                rank.put(issues.issues().get(r).index(), r + 1);
            }
            for (int i = 0; i < images.size(); i++) {
                Integer r = rank.get(i);
                out.add(new Judgement(images.get(i), r == null ? null : issues.issues().get(r - 1), r));
            }
        }
    }

    private LabelIssuesJob() {
    }

    public static Result run(Config config, Consumer<String> progress) throws IOException {
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        List<Usage> usages = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<byte[]> faces = new ArrayList<>();
        long bad = 0;
        try (Fer2013Rows rows = Fer2013Rows.open(config.source(), Map.of())) {
            for (Fer2013Row row = rows.next(); row != null; row = rows.next()) {
                if (row instanceof Fer2013Row.Image image) {
                    ids.add("fer2013:" + image.index());
                    usages.add(image.usage());
                    labels.add(image.label());
                    faces.add(image.pixels());
                } else {
                    bad++;
                }
            }
        }
        progress.accept(String.format(java.util.Locale.ROOT, "read %,d images (%,d bad rows skipped)", ids.size(), bad));
        long read = System.nanoTime();
        int classes = FerClasses.NAMES.size();
        List<Integer> trainRows = new ArrayList<>();
        List<Integer> heldOutRows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            (usages.get(i) == Usage.TRAINING ? trainRows : heldOutRows).add(i);
        }
        if (trainRows.isEmpty()) {
            throw new IllegalArgumentException(config.source() + " has no Training rows: label issues need out-of-fold "
                    + "probabilities of TRAIN images");
        }
        int[] trainLabels = trainRows.stream().mapToInt(labels::get).toArray();
        double[][] outOfFold;
        double[][] heldOutProbabilities;
        if (config.model() == Model.CNN) {
            List<Integer> validationRows = heldOutRows.stream().filter(i -> usages.get(i) == Usage.PUBLIC_TEST).toList();
            if (validationRows.isEmpty()) {
                throw new IllegalArgumentException(config.source() + " has no PublicTest rows: the cnn model chooses each "
                        + "fold's epoch on VALIDATION");
            }
            ImageSet validation = new ImageSet(validationRows.stream().map(faces::get).toArray(byte[][]::new),
                    validationRows.stream().mapToInt(labels::get).toArray());
            CnnOutOfFold.Probabilities p = CnnOutOfFold.run(trainRows.stream().map(faces::get).toArray(byte[][]::new),
                    trainLabels, validation, heldOutRows.stream().map(faces::get).toArray(byte[][]::new), classes,
                    config.folds(), config.cnnEpochs(), config.training().seed(), config.workDir(), progress);
            outOfFold = p.train();
            heldOutProbabilities = p.heldOut();
        } else {
            float[][] features = config.features().of(faces);
            progress.accept(String.format(java.util.Locale.ROOT, "%s features (%d values) in %.1f s", config.features().tag(),
                    features[0].length, (System.nanoTime() - read) / 1e9));
            float[][] trainFeatures = trainRows.stream().map(i -> features[i]).toArray(float[][]::new);
            outOfFold = OutOfFold.probabilities(trainFeatures, trainLabels, classes, config.folds(), config.training(), progress);
            int[] all = java.util.stream.IntStream.range(0, trainLabels.length).toArray();
            SoftmaxRegression full = SoftmaxRegression.train(trainFeatures, trainLabels, all, classes, config.training());
            heldOutProbabilities = heldOutRows.stream().map(i -> full.predict(features[i])).toArray(double[][]::new);
        }
        long folded = System.nanoTime();
        List<Image> train = new ArrayList<>();
        for (int t = 0; t < trainRows.size(); t++) {
            int i = trainRows.get(t);
            train.add(new Image(ids.get(i), usages.get(i), labels.get(i), outOfFold[t]));
        }
        List<Image> heldOut = new ArrayList<>();
        for (int h = 0; h < heldOutRows.size(); h++) {
            int i = heldOutRows.get(h);
            heldOut.add(new Image(ids.get(i), usages.get(i), labels.get(i), heldOutProbabilities[h]));
        }

        ConfidentLearning.Result trainIssues = ConfidentLearning.find(trainLabels, outOfFold);
        ConfidentLearning.Result heldOutIssues = heldOut.isEmpty() ? null : ConfidentLearning.find(
                heldOut.stream().mapToInt(Image::given).toArray(),
                heldOut.stream().map(Image::probabilities).toArray(double[][]::new), trainIssues.thresholds());
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        seconds.put("read", (read - started) / 1e9);
        seconds.put("models", (folded - read) / 1e9);
        seconds.put("total", (System.nanoTime() - started) / 1e9);
        return new Result(train, heldOut, trainIssues, heldOutIssues, accuracy(train), accuracy(heldOut), seconds);
    }

    static double accuracy(List<Image> images) {
        if (images.isEmpty()) {
            return Double.NaN;
        }
        long correct = images.stream().filter(image -> OutOfFold.argmax(image.probabilities()) == image.given()).count();
        return (double) correct / images.size();
    }
}
