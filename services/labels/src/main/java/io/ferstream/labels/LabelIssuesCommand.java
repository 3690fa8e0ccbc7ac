package io.ferstream.labels;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.ferstream.model.FerClasses;
import io.ferstream.platform.config.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer label-issues}: likely wrong labels in a FER2013 CSV, by confident learning on out-of-fold probabilities. */
@Command(name = "label-issues", mixinStandardHelpOptions = true,
        description = {"Find likely wrong labels: out-of-fold probabilities (k models, each blind to its fold) and "
                + "confident learning (Northcutt et al., JAIR 2021).",
                "Writes label-issues.csv (every image: given, predicted and confident class, issue, rank, probabilities) "
                        + "and label-issues.json (accuracy, thresholds, confident joint, counts, timings) to --out; the cnn "
                        + "model keeps its checkpoints in --out/work, so running again resumes."})
public final class LabelIssuesCommand implements Callable<Integer> {

    @Option(names = "--source", required = true, paramLabel = "CSV", description = "A FER2013-format CSV (plain, .gz or .zip).")
    Path source;

    @Option(names = "--out", defaultValue = "label-issues", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--folds", defaultValue = "5", description = "Folds of TRAIN. Default: ${DEFAULT-VALUE}.")
    int folds;

    @Option(names = "--model", defaultValue = "CNN",
            description = "The out-of-fold model: CNN (the trainer's small ResNet per fold, epoch chosen on VALIDATION; about 50 "
                    + "minutes for FER2013 on 2 cores, resumable; 64 %% of its top 200 issues were wrong labels in an audit) or "
                    + "SOFTMAX (a softmax regression on --features; 20 s, but only 7 %% of its top 200 were). Default: ${DEFAULT-VALUE}.")
    LabelIssuesJob.Model model;

    @Option(names = "--features", defaultValue = "HOG_PIXELS",
            description = "What the label model sees: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    LabelFeatures features;

    @Option(names = "--epochs", description = "Training epochs per model. Default: 12 (softmax), 10 (cnn).")
    Integer epochs;

    @Option(names = "--publish", description = "Also publish every image's verdict to fer.label-verdicts (compacted, keyed by "
            + "image id) on the cluster --bootstrap-servers names, where the embedder's label check reads it.")
    boolean publish;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the folds and the training. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("--source " + source + ": no such file");
        }
        SoftmaxRegression.Settings defaults = SoftmaxRegression.Settings.DEFAULT;
        LabelIssuesJob.Config config = new LabelIssuesJob.Config(source, folds, model, features, new SoftmaxRegression.Settings(
                epochs == null ? defaults.epochs() : epochs, defaults.batchSize(), defaults.learningRate(), defaults.momentum(),
                defaults.l2(), seed), epochs == null ? 10 : epochs, out.resolve("work"));
        LabelIssuesJob.Result result = LabelIssuesJob.run(config, line -> System.out.println("label-issues: " + line));
        Files.createDirectories(out);
        writeCsv(out.resolve("label-issues.csv"), result);
        Map<String, Object> summary = summary(config, result);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("label-issues.json").toFile(), summary);
        if (publish) {
            int published = LabelVerdictPublisher.publish(connection.toConfig(),
                    LabelVerdictPublisher.verdicts(result, config.describe()));
            System.out.printf(Locale.ROOT, "Published %,d label verdicts to %s%n", published,
                    connection.toConfig().topicNames().of(io.ferstream.platform.topics.Topics.LABEL_VERDICTS));
        }
        System.out.printf(Locale.ROOT, "TRAIN: %,d images, out-of-fold accuracy %.1f %%, %,d label issues (estimated noise "
                        + "%.1f %%); VALIDATION+TEST: accuracy %.1f %%, %,d flagged. %.0f s. Written to %s%n",
                result.train().size(), 100 * result.outOfFoldAccuracy(), result.trainIssues().issues().size(),
                100 * result.trainIssues().estimatedNoiseRate(), 100 * result.heldOutAccuracy(),
                result.heldOutIssues() == null ? 0 : result.heldOutIssues().issues().size(), result.seconds().get("total"), out);
        return 0;
    }

    static Map<String, Object> summary(LabelIssuesJob.Config config, LabelIssuesJob.Result result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", config.source().getFileName().toString());
        json.put("method", "confident learning (C_confusion: off-diagonal of the confident joint), ranked by self-confidence");
        json.put("model", config.describe());
        json.put("classes", FerClasses.NAMES);
        json.put("train_images", result.train().size());
        json.put("out_of_fold_accuracy", result.outOfFoldAccuracy());
        json.put("held_out_images", result.heldOut().size());
        json.put("held_out_accuracy", result.heldOutAccuracy());
        json.put("thresholds", result.trainIssues().thresholds());
        json.put("confident_joint_train", result.trainIssues().confidentJoint());
        json.put("train_issues", result.trainIssues().issues().size());
        json.put("estimated_noise_rate_train", result.trainIssues().estimatedNoiseRate());
        json.put("held_out_issues", result.heldOutIssues() == null ? 0 : result.heldOutIssues().issues().size());
        json.put("seconds", result.seconds());
        return json;
    }

    /** Every image, TRAIN then the held-out splits, in source order; ranks count within each part. */
    static void writeCsv(Path file, LabelIssuesJob.Result result) throws IOException {
        List<String> header = new ArrayList<>(List.of("id", "usage", "given", "predicted", "issue", "suggested", "rank",
                "self_confidence", "normalized_margin"));
        FerClasses.NAMES.forEach(name -> header.add("p_" + name.toLowerCase(Locale.ROOT)));
        CsvSchema schema = CsvSchema.builder().addColumns(header, CsvSchema.ColumnType.STRING).build().withHeader();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             SequenceWriter rows = new CsvMapper().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).writer(schema)
                     .writeValues(out)) {
            for (LabelIssuesJob.Judgement judgement : result.judgements()) {
                LabelIssuesJob.Image image = judgement.image();
                ConfidentLearning.Issue issue = judgement.issue();
                double[] p = image.probabilities();
                List<String> values = new ArrayList<>(List.of(image.id(), image.usage().name(),
                        FerClasses.NAMES.get(image.given()), FerClasses.NAMES.get(OutOfFold.argmax(p)),
                        Boolean.toString(issue != null), issue == null ? "" : FerClasses.NAMES.get(issue.suggested()),
                        issue == null ? "" : Integer.toString(judgement.rank()), format(p[image.given()]),
                        format(ConfidentLearning.normalizedMargin(p, image.given()))));
                for (double v : p) {
                    values.add(format(v));
                }
                rows.write(values);
            }
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.5f", value);
    }
}
