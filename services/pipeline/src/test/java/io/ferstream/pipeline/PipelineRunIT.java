package io.ferstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.embedder.LabelRule;
import io.ferstream.embedder.duplicates.DuplicateRule;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.events.Split;
import io.ferstream.faces.FaceStage;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.quality.QualityThresholds;
import io.ferstream.trainer.network.Architecture;
import io.ferstream.vision.FaceCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fer run} end to end on a generated FER2013-format CSV: every stage, the real broker and
 * registry, then the report and the exports. The rows mix textures that pass, flat images that fail
 * blur, and a few broken rows the fetcher dead-letters.
 */
class PipelineRunIT {

    private static final int TRAIN = 240;
    private static final int VALIDATION = 40;
    private static final int TEST = 40;

    @Test
    void cleansAGeneratedDatasetEndToEnd(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("fer2013.csv");
        writeCsv(csv);
        Path out = dir.resolve("out");
        PipelineRun.Config config = config(csv, out, false);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PipelineRun.Result result;
        try (PipelineRun run = new PipelineRun(config)) {
            result = run.run(new ProgressPrinter(new PrintStream(progress, true, StandardCharsets.UTF_8), false));
        }

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        int total = TRAIN + VALIDATION + TEST;
        assertThat(report.get("published").asLong()).isEqualTo(total);
        assertThat(report.get("total").asLong()).isEqualTo(total);
        assertThat(report.get("cleaned").asLong() + report.get("rejected").asLong()).isEqualTo(total);
        assertThat(report.get("rejected").asLong()).as("flat TRAIN images fail blur").isGreaterThanOrEqualTo(TRAIN / 4);
        assertThat(report.at("/run/source_rejected").asLong()).as("broken rows").isEqualTo(2);
        assertThat(report.get("face_check").asText()).as("--detector none").startsWith("skipped for");
        assertThat(report.at("/removed_by_stage_and_reason/quality/blur").asLong()).isGreaterThanOrEqualTo(TRAIN / 4);
        assertThat(report.at("/removed_by_stage_and_reason/duplicates/leakage").asLong())
                .as("the TRAIN row drawn like a TEST row").isEqualTo(1);
        assertThat(report.at("/removed_by_stage_and_reason/labels/label_issue").asLong()).as("rank 1").isEqualTo(1);
        assertThat(report.at("/flagged_by_stage_and_reason/labels/label_issue").asLong()).as("rank 2").isEqualTo(1);
        assertThat(report.get("label_check").asText()).startsWith("ran for 3 images, skipped for");
        // VALIDATION and TEST are never removed: their counts come out unchanged.
        assertThat(report.at("/by_split/VALIDATION/input").asLong()).isEqualTo(VALIDATION);
        assertThat(report.at("/by_split/VALIDATION/removed").asLong()).isZero();
        assertThat(report.at("/by_split/TEST/removed").asLong()).isZero();
        assertThat(report.at("/by_split/TEST/flagged").asLong()).isPositive();

        List<String> verdicts = Files.readAllLines(out.resolve("verdicts.csv"));
        assertThat(verdicts).hasSize(total + 1);
        List<String> cleaned = Files.readAllLines(out.resolve("cleaned.csv"));
        assertThat(cleaned).hasSize((int) report.get("cleaned").asLong() + 1);
        assertThat(cleaned.get(0)).isEqualTo("emotion,pixels,Usage");
        assertThat(cleaned.stream().filter(l -> l.endsWith(",PrivateTest")).count()).isEqualTo(TEST);
        try (ZipFile npz = new ZipFile(out.resolve("fer2013_cleaned.npz").toFile())) {
            assertThat(npz.getEntry("images.npy").getSize())
                    .isGreaterThan(report.get("cleaned").asLong() * 48 * 48);
        }
        assertThat(Files.readString(out.resolve("report.html"))).contains("Cleaning report", "<svg");
        assertThat(result.summary()).containsEntry("published", (long) total);

        // --train-epochs 1: the trainer read the run's cleaned topic (already CLAHE'd by the enhancer).
        assertThat(result.training()).isNotNull();
        assertThat(out.resolve("model/model.onnx")).exists();
        JsonNode card = new ObjectMapper().readTree(out.resolve("model/card.json").toFile());
        assertThat(card.at("/training/data/run_id").asText()).isEqualTo("it-run");
        assertThat(card.at("/name").asText()).isEqualTo("resnet");
        assertThat(card.at("/training/recipe/lr_schedule").asText()).isEqualTo("cosine");
        assertThat(card.at("/training/data/train").asLong() + VALIDATION + TEST).isEqualTo(report.get("cleaned").asLong());
        assertThat(card.at("/training/data/pixels").asText()).contains("enhancer");
        assertThat(card.at("/test/images").asInt()).isEqualTo(TEST);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("epoch   1/1", "not applied again");

        assertThatThrownBy(() -> config(csv, out, false)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("--force");
    }

    private static PipelineRun.Config config(Path csv, Path out, boolean force) throws Exception {
        // fer label-issues' verdicts on two TRAIN rows that pass quality: rank 1 is removed, rank 2 flagged.
        Path labelIssues = Files.writeString(csv.resolveSibling("label-issues.csv"), String.join("\n",
                "id,usage,given,predicted,issue,suggested,rank,self_confidence,normalized_margin",
                "fer2013:1,TRAINING,Disgust,Fear,true,Fear,1,0.01,-0.9",
                "fer2013:2,TRAINING,Fear,Happy,true,Happy,2,0.02,-0.8",
                "fer2013:4,TRAINING,Sad,Sad,false,,,0.8,0.6") + "\n");
        return new PipelineRun.Config(csv, null, null, out, "it-run", null, QualityThresholds.SEED,
                FaceStage.Detector.NONE, null, FaceCheck.SEED, OutlierRule.SEED, DuplicateRule.DEFAULT, labelIssues,
                new LabelRule(1), null, null, new SplitPolicy(EnumSet.of(Split.TRAIN)),
                Duration.ofSeconds(30), force, "127.0.0.1", -1, Duration.ofSeconds(60), 1, Architecture.RESNET);
    }

    /** The TRAIN row drawn with the first TEST row's cells: the duplicate check's one leak. */
    private static final int LEAKING_ROW = 5;

    /**
     * Noisy grids of 12-pixel cells, each cell dark or light at random per row (pass quality, and no
     * two rows alike), every third image flat (fails blur), and 2 broken rows.
     */
    private static void writeCsv(Path csv) throws Exception {
        Random random = new Random(5);
        StringBuilder text = new StringBuilder("emotion,pixels,Usage\n");
        Map<Split, String> usage = Map.of(Split.TRAIN, "Training", Split.VALIDATION, "PublicTest", Split.TEST, "PrivateTest");
        int row = 0;
        for (Split split : List.of(Split.TRAIN, Split.VALIDATION, Split.TEST)) {
            int count = split == Split.TRAIN ? TRAIN : split == Split.VALIDATION ? VALIDATION : TEST;
            for (int i = 0; i < count; i++, row++) {
                text.append(row % 7).append(',');
                boolean flat = row % 3 == 0;
                int cells = new Random(row == LEAKING_ROW ? TRAIN + VALIDATION : row).nextInt(1 << 16);
                for (int p = 0; p < 48 * 48; p++) {
                    int x = p % 48;
                    int y = p / 48;
                    boolean light = (cells >> (y / 12 * 4 + x / 12) & 1) == 1;
                    int value = flat ? 120 : (light ? 170 : 70) + random.nextInt(9) - 4;
                    text.append(p == 0 ? "" : " ").append(value);
                }
                text.append(',').append(usage.get(split)).append('\n');
                if (row == 10) {
                    text.append("9,1 2 3,Training\n");
                }
                if (row == 20) {
                    text.append("3,not pixels,Training\n");
                }
            }
        }
        Files.writeString(csv, text);
    }
}
