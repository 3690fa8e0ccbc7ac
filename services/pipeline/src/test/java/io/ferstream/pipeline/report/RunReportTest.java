package io.ferstream.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    private static FaceImage image(String id, Split split, Emotion label, Map<String, Double> scores,
                                   StageVerdict... verdicts) {
        return FaceImage.newBuilder().setId(id).setRunId("r").setDataset("fer2013").setSplit(split).setLabel(label)
                .setWidth(1).setHeight(1).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(new byte[1]))
                .setSource("s").setIngestTime(Instant.EPOCH).setScores(scores).setVerdicts(List.of(verdicts)).build();
    }

    private static StageVerdict verdict(String stage, boolean passed, boolean enforced, String reason) {
        return StageVerdict.newBuilder().setStage(stage).setPassed(passed).setEnforced(enforced).setReason(reason)
                .setThresholds(stage.equals("quality") ? Map.of("blur.min", 80.0) : Map.of()).build();
    }

    private static RunReport sample() {
        RunReport report = new RunReport("r");
        report.published(4);
        report.add(image("fer2013:10", Split.TRAIN, Emotion.HAPPY, Map.of("quality.blur", 500.0),
                verdict("quality", true, true, null), verdict("faces", true, true, null)), false);
        report.add(image("fer2013:9", Split.TRAIN, Emotion.SAD, Map.of("quality.blur", 12.0),
                verdict("quality", false, true, "blur")), true);
        report.add(image("fer2013:2", Split.TEST, Emotion.SAD, Map.of("quality.blur", 30.0),
                verdict("quality", false, false, "blur"), verdict("faces", true, true, null)), false);
        report.deadLetters(1);
        return report;
    }

    @Test
    void classifiesEachImageAndCountsBySplitAndReason() {
        RunReport report = sample();
        assertThat(report.count(RunReport.Outcome.KEPT)).isEqualTo(1);
        assertThat(report.count(RunReport.Outcome.FLAGGED)).isEqualTo(1);
        assertThat(report.count(RunReport.Outcome.REMOVED)).isEqualTo(1);
        assertThat(report.removedByStageAndReason()).isEqualTo(Map.of("quality", Map.of("blur", 1L)));
        assertThat(report.bySplit().get(Split.TEST)).containsExactly(1, 0, 1, 0);
        assertThat(report.bySplitAndClass().get("TRAIN/SAD")).containsExactly(1, 0, 0, 1);
        assertThat(report.thresholdsByStage().get("quality")).containsEntry("blur.min", 80.0);
        assertThat(report.rows()).extracting(RunReport.Row::id).containsExactly("fer2013:2", "fer2013:9", "fer2013:10");
    }

    @Test
    void writesAllThreeFiles(@TempDir Path dir) throws Exception {
        RunReport report = sample();
        Map<String, Object> summary = ReportWriter.summary(report, Map.of("run_id", "r"));
        assertThat(summary).containsEntry("total", 3L).containsEntry("cleaned", 2L).containsEntry("rejected", 1L)
                .containsEntry("dead_letters", 1L);
        ReportWriter.writeJson(dir.resolve("report.json"), summary);
        ReportWriter.writeVerdictsCsv(dir.resolve("verdicts.csv"), report);
        ReportWriter.writeHtml(dir.resolve("report.html"), report, summary);

        List<String> csv = Files.readAllLines(dir.resolve("verdicts.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).startsWith("id,split,label,final_stage,verdict,reason,quality_blur,");
        assertThat(csv.get(1)).startsWith("fer2013:2,TEST,SAD,faces,flagged,quality:blur,30.0,");
        assertThat(csv.get(2)).startsWith("fer2013:9,TRAIN,SAD,quality,removed,blur,12.0,");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg", "Blur (Laplacian variance)", "stroke=\"#d22\"").doesNotContain("<script");
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"kept_flagged\" : 1");
    }

    @Test
    void countsFlaggedImagesAndTheDuplicateGroupsFromTheirScores() {
        RunReport report = sample();
        assertThat(report.duplicates()).as("the check did not run").isNull();
        StageVerdict kept = StageVerdict.newBuilder().setStage("duplicates").setPassed(true).setEnforced(true)
                .setThresholds(Map.of("distance.max", 4.0)).build();
        StageVerdict leak = StageVerdict.newBuilder(kept).setPassed(false).setReason("leakage").build();
        StageVerdict conflict = StageVerdict.newBuilder(kept).setPassed(false).setEnforced(false).setReason("label_conflict").build();
        report.add(image("fer2013:20", Split.TRAIN, Emotion.FEAR, Map.of("duplicates.group", 1.0, "duplicates.exact", 1.0), leak), true);
        report.add(image("fer2013:30", Split.TEST, Emotion.FEAR, Map.of("duplicates.group", 1.0, "duplicates.exact", 1.0), kept), false);
        report.add(image("fer2013:31", Split.TEST, Emotion.SAD, Map.of("duplicates.group", 2.0, "duplicates.exact", 0.0), conflict), false);
        report.add(image("fer2013:32", Split.TEST, Emotion.FEAR, Map.of("duplicates.group", 2.0, "duplicates.exact", 0.0), conflict), false);
        report.add(image("fer2013:33", Split.TEST, Emotion.FEAR, Map.of(), kept), false);

        assertThat(report.duplicates()).containsExactly(Map.entry("groups", 2L), Map.entry("images_in_groups", 4L),
                Map.entry("images_with_an_exact_twin", 2L), Map.entry("groups_across_train_and_held_out", 1L),
                Map.entry("groups_with_conflicting_labels", 1L));
        assertThat(report.flaggedByStageAndReason()).isEqualTo(Map.of("quality", Map.of("blur", 1L),
                "duplicates", Map.of("label_conflict", 2L)));
        assertThat(report.removedByStageAndReason()).containsEntry("duplicates", Map.of("leakage", 1L));
    }

    @Test
    void anIdWithACommaQuoteOrLineBreakRoundTripsThroughVerdictsCsv(@TempDir Path dir) throws Exception {
        RunReport report = new RunReport("r");
        String odd = "folder/\"odd, name\"\r\nsecond line.png";
        report.add(image(odd, Split.TRAIN, Emotion.FEAR, Map.of("quality.blur", 12.0),
                verdict("quality", false, true, "blur, really")), true);
        report.add(image("fer2013:1", Split.TRAIN, Emotion.FEAR, Map.of()), false);
        ReportWriter.writeVerdictsCsv(dir.resolve("verdicts.csv"), report);

        com.fasterxml.jackson.dataformat.csv.CsvMapper csv = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it = csv.readerFor(Map.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                .readValues(dir.resolve("verdicts.csv").toFile())) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(2);
        Map<String, String> first = rows.stream().filter(r -> r.get("id").startsWith("folder/")).findFirst().orElseThrow();
        assertThat(first).containsEntry("id", odd).containsEntry("reason", "blur, really").containsEntry("quality_blur", "12.0");
    }

    @Test
    void histogramPutsTheThresholdLineWhereItBelongs() {
        String svg = ReportWriter.histogram(new double[] {0, 100}, List.of(50.0));
        // 0..100 over a 500 px wide chart: the line at 50 sits at x = 250.
        assertThat(svg).contains("x1=\"250.0\"");
    }
}
