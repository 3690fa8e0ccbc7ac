package io.ferstream.labels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.ferstream.model.FerClasses;
import io.ferstream.vision.fer2013.Fer2013Row;
import io.ferstream.vision.fer2013.Fer2013Rows;
import io.ferstream.vision.fer2013.Usage;

/**
 * The label-issue job on a FER2013-format CSV: features for every image, out-of-fold probabilities
 * for TRAIN ({@code folds} models, each blind to its fold), one model on all of TRAIN for
 * VALIDATION and TEST, then confident learning: TRAIN against its own per-class thresholds, the
 * held-out splits against TRAIN's (they are flagged, never removed, by whoever uses the result).
 */
public final class LabelIssuesJob {

    /** How the job runs. */
    public record Config(Path source, int folds, LabelFeatures features, SoftmaxRegression.Settings training) {
        public Config {
            if (folds < 2) {
                throw new IllegalArgumentException("--folds must be at least 2: " + folds);
            }
        }
    }

    /** One image: id ({@code fer2013:<row>}, the fetcher's), its split and given label, its probabilities. */
    public record Image(String id, Usage usage, int given, double[] probabilities) {
    }

    /** Every image, and confident learning's result per split (issue indices point into that split's images). */
    public record Result(List<Image> train, List<Image> heldOut, ConfidentLearning.Result trainIssues,
                         ConfidentLearning.Result heldOutIssues, double outOfFoldAccuracy, double heldOutAccuracy,
                         Map<String, Double> seconds) {
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
        float[][] features = config.features().of(faces);
        long featured = System.nanoTime();
        progress.accept(String.format(java.util.Locale.ROOT, "%s features (%d values) in %.1f s", config.features().tag(),
                features[0].length, (featured - read) / 1e9));

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
        float[][] trainFeatures = trainRows.stream().map(i -> features[i]).toArray(float[][]::new);
        int[] trainLabels = trainRows.stream().mapToInt(labels::get).toArray();
        double[][] outOfFold = OutOfFold.probabilities(trainFeatures, trainLabels, classes, config.folds(),
                config.training(), progress);
        long folded = System.nanoTime();

        int[] all = new int[trainLabels.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        SoftmaxRegression full = SoftmaxRegression.train(trainFeatures, trainLabels, all, classes, config.training());
        List<Image> train = new ArrayList<>();
        for (int t = 0; t < trainRows.size(); t++) {
            int i = trainRows.get(t);
            train.add(new Image(ids.get(i), usages.get(i), labels.get(i), outOfFold[t]));
        }
        List<Image> heldOut = new ArrayList<>();
        for (int i : heldOutRows) {
            heldOut.add(new Image(ids.get(i), usages.get(i), labels.get(i), full.predict(features[i])));
        }
        long predicted = System.nanoTime();

        ConfidentLearning.Result trainIssues = ConfidentLearning.find(trainLabels, outOfFold);
        ConfidentLearning.Result heldOutIssues = heldOut.isEmpty() ? null : ConfidentLearning.find(
                heldOut.stream().mapToInt(Image::given).toArray(),
                heldOut.stream().map(Image::probabilities).toArray(double[][]::new), trainIssues.thresholds());
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        seconds.put("read", (read - started) / 1e9);
        seconds.put("features", (featured - read) / 1e9);
        seconds.put("out_of_fold", (folded - featured) / 1e9);
        seconds.put("held_out_model", (predicted - folded) / 1e9);
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
