package io.ferstream.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fer label-issues} end to end on a generated FER2013 CSV: three classes drawn as three
 * distinct pictures with noise, thirteen TRAIN labels flipped on purpose. Most flipped rows must
 * come out as issues, and most of the top-ranked issues must be flipped rows.
 */
class LabelIssuesCommandTest {

    private static final int[] CLASSES = {0, 3, 6};

    /** Writes the CSV; returns the ids of the flipped rows. */
    private static Set<String> writeCsv(Path source) throws Exception {
        Random random = new Random(8);
        StringBuilder csv = new StringBuilder("emotion,pixels,Usage\n");
        int rows = 0;
        Set<String> flipped = new java.util.TreeSet<>();
        for (String usage : List.of("Training", "PublicTest")) {
            for (int i = 0; i < (usage.equals("Training") ? 450 : 60); i++, rows++) {
                int truth = CLASSES[i % 3];
                int given = truth;
                if (usage.equals("Training") && i % 37 == 5) {
                    given = CLASSES[(i + 1) % 3];
                    flipped.add("fer2013:" + rows);
                }
                csv.append(given).append(',');
                for (int p = 0; p < 48 * 48; p++) {
                    int x = p % 48;
                    int y = p / 48;
                    boolean light = switch (truth) {
                        case 0 -> y < 24;
                        case 3 -> x < 24;
                        default -> (x / 8 + y / 8) % 2 == 0;
                    };
                    csv.append(p == 0 ? "" : " ").append((light ? 190 : 60) + random.nextInt(41) - 20);
                }
                csv.append(',').append(usage).append('\n');
            }
        }
        Files.writeString(source, csv);
        return flipped;
    }

    @Test
    void findsThePlantedWrongLabelsAndWritesBothFiles(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("fer2013.csv");
        Set<String> flipped = writeCsv(source);
        Path out = dir.resolve("out");

        int exit = new CommandLine(new LabelIssuesCommand()).execute("--source", source.toString(), "--out", out.toString(),
                "--folds", "3", "--model", "SOFTMAX");

        assertThat(exit).isZero();
        assertThat(flipped).hasSize(13);
        List<String> lines = Files.readAllLines(out.resolve("label-issues.csv"));
        assertThat(lines.get(0)).startsWith("id,usage,given,predicted,issue,suggested,rank,self_confidence,normalized_margin,p_angry");
        assertThat(lines).hasSize(1 + 450 + 60);
        List<String[]> issues = lines.stream().skip(1).map(line -> line.split(",")).filter(f -> f[4].equals("true")
                && f[1].equals("TRAINING")).sorted(java.util.Comparator.comparingInt(f -> Integer.parseInt(f[6]))).toList();
        Set<String> top = issues.stream().limit(flipped.size()).map(f -> f[0]).collect(Collectors.toSet());
        Set<String> all = issues.stream().map(f -> f[0]).collect(Collectors.toSet());
        top.retainAll(flipped);
        // 2.9 % of the labels are wrong; among the top 13 issues at least 10 are (11 when written).
        assertThat(top).as("flipped rows among the top-ranked").hasSizeGreaterThanOrEqualTo(10);
        // A flipped row whose true class the model is sure of, but not up to that class's mean confidence, is
        // confidently nothing, and not an issue: confident learning's thresholds are strict by design.
        all.retainAll(flipped);
        assertThat(all).as("flipped rows found as issues").hasSizeGreaterThanOrEqualTo(11);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("label-issues.json").toFile());
        assertThat(summary.get("train_images").asInt()).isEqualTo(450);
        assertThat(summary.get("out_of_fold_accuracy").asDouble()).as("against the given labels, 2.9 %% of them wrong").isGreaterThan(0.85);
        assertThat(summary.get("confident_joint_train")).hasSize(7);
    }

    /** The cnn model end to end, kept tiny (2 folds, 1 epoch): a fold model per fold, resumable from its probabilities. */
    @Test
    void theCnnModelTrainsAFoldModelPerFoldAndResumesFromItsProbabilities(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("fer2013.csv");
        writeCsv(source);
        Path out = dir.resolve("out");
        String[] args = {"--source", source.toString(), "--out", out.toString(), "--model", "CNN", "--folds", "2", "--epochs", "1"};

        assertThat(new CommandLine(new LabelIssuesCommand()).execute(args)).isZero();
        assertThat(out.resolve("work/fold-1/probabilities.bin")).exists();
        assertThat(out.resolve("work/fold-2/probabilities.bin")).exists();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("label-issues.json").toFile());
        assertThat(summary.get("model").asText()).startsWith("small CNN, 2 folds, 1 epochs");
        assertThat(summary.get("train_images").asInt()).isEqualTo(450);
        List<String> first = Files.readAllLines(out.resolve("label-issues.csv"));

        // Again: both folds' probabilities are read back, nothing is trained, the result is the same.
        long modified = Files.getLastModifiedTime(out.resolve("work/fold-1/probabilities.bin")).toMillis();
        assertThat(new CommandLine(new LabelIssuesCommand()).execute(args)).isZero();
        assertThat(Files.getLastModifiedTime(out.resolve("work/fold-1/probabilities.bin")).toMillis()).isEqualTo(modified);
        assertThat(Files.readAllLines(out.resolve("label-issues.csv"))).isEqualTo(first);
    }

    /** What --publish sends straight from a job equals what fer run --label-issues reads back from its CSV. */
    @Test
    void theVerdictsOfAJobAndOfItsCsvAgree(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("fer2013.csv");
        writeCsv(source);
        LabelIssuesJob.Result result = LabelIssuesJob.run(new LabelIssuesJob.Config(source, 3, LabelIssuesJob.Model.SOFTMAX,
                LabelFeatures.HOG_PIXELS, SoftmaxRegression.Settings.DEFAULT, 1, dir.resolve("work")), line -> { });
        Path csv = dir.resolve("label-issues.csv");
        LabelIssuesCommand.writeCsv(csv, result);

        List<io.ferstream.events.LabelVerdict> direct = LabelVerdictPublisher.verdicts(result, "test");
        List<io.ferstream.events.LabelVerdict> read = LabelVerdictPublisher.read(csv);
        assertThat(read).hasSize(510).hasSameSizeAs(direct);
        assertThat(direct.stream().filter(io.ferstream.events.LabelVerdict::getIssue).count()).isPositive();
        for (int i = 0; i < direct.size(); i++) {
            io.ferstream.events.LabelVerdict a = direct.get(i);
            io.ferstream.events.LabelVerdict b = read.get(i);
            assertThat(List.of(b.getImageId(), b.getGiven(), b.getIssue(), String.valueOf(b.getSuggested()), String.valueOf(b.getRank())))
                    .isEqualTo(List.of(a.getImageId(), a.getGiven(), a.getIssue(), String.valueOf(a.getSuggested()),
                            String.valueOf(a.getRank())));
            assertThat(b.getNormalizedMargin()).isCloseTo(a.getNormalizedMargin(), org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    @Test
    void aLabelIssuesFileThatIsNotOneIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("label-issues.csv"), String.join("\n",
                "id,usage,given,predicted,issue,suggested,rank,self_confidence,normalized_margin",
                "fer2013:1,TRAINING,Happy,Happy,false,,,0.9,0.8",
                "fer2013:2,TRAINING,Gleeful,Happy,false,,,0.9,0.8") + "\n");
        assertThatThrownBy(() -> LabelVerdictPublisher.read(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3").hasMessageContaining("unknown class 'Gleeful'");
    }

    @Test
    void aMissingSourceIsOneClearError(@TempDir Path dir) {
        CommandLine command = new CommandLine(new LabelIssuesCommand());
        java.io.StringWriter err = new java.io.StringWriter();
        command.setErr(new java.io.PrintWriter(err));
        int exit = command.execute("--source", dir.resolve("none.csv").toString());
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("none.csv: no such file");
    }
}
