package io.ferstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.embedder.LabelRule;
import io.ferstream.embedder.duplicates.DuplicateRule;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.events.Split;
import io.ferstream.faces.FaceStage;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.quality.QualityThresholds;
import io.ferstream.trainer.network.Architecture;
import io.ferstream.vision.FaceCheck;
import io.ferstream.vision.Fer2013;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fer run} with its defaults on real FER2013 faces: the face stage runs with the shipped YuNet
 * (no model path given), judges every image that reaches it, and the report shows its counts and
 * score histograms.
 */
class PipelineRunRealFacesIT {

    @Test
    void theFaceStageRunsByDefaultWithTheShippedDetector(@TempDir Path dir) throws Exception {
        Path csvFile = Fer2013.csvOrSkip();
        List<Fer2013.Row> rows = new ArrayList<>(Fer2013.read(csvFile, "Training"::equals, 200));
        rows.addAll(Fer2013.read(csvFile, "PublicTest"::equals, 50));
        rows.addAll(Fer2013.read(csvFile, "PrivateTest"::equals, 50));
        Path csv = dir.resolve("fer2013-real.csv");
        StringBuilder text = new StringBuilder("emotion,pixels,Usage\n");
        for (Fer2013.Row row : rows) {
            StringBuilder pixels = new StringBuilder();
            for (byte b : row.image().pixels()) {
                pixels.append(pixels.isEmpty() ? "" : " ").append(b & 0xff);
            }
            text.append(row.emotion()).append(',').append(pixels).append(',').append(row.usage()).append('\n');
        }
        Files.writeString(csv, text);
        Path out = dir.resolve("out");
        PipelineRun.Config config = new PipelineRun.Config(csv, null, null, out, "real-faces", null, QualityThresholds.SEED,
                FaceStage.Detector.YUNET, null, FaceCheck.SEED, OutlierRule.SEED, DuplicateRule.DEFAULT, null, LabelRule.FLAG_ONLY, null, null,
                new SplitPolicy(EnumSet.of(Split.TRAIN)), Duration.ofSeconds(30), false, "127.0.0.1", -1, Duration.ofSeconds(60), 0,
                Architecture.RESNET);
        try (PipelineRun run = new PipelineRun(config)) {
            run.run(new ProgressPrinter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false));
        }

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("published").asLong()).isEqualTo(300);
        assertThat(report.get("face_check").asText()).isEqualTo("ran");
        List<String> verdicts = Files.readAllLines(out.resolve("verdicts.csv"));
        List<String> header = List.of(verdicts.get(0).split(","));
        int count = header.indexOf("faces_count");
        int finalStage = header.indexOf("final_stage");
        assertThat(count).isPositive();
        long judgedByFaces = verdicts.stream().skip(1).map(line -> line.split(",", -1))
                .filter(fields -> !fields[count].isEmpty()).count();
        long passedQuality = verdicts.stream().skip(1).map(line -> line.split(",", -1))
                .filter(fields -> !fields[finalStage].equals("quality")).count();
        assertThat(judgedByFaces).as("every image past the quality stage has a face count").isEqualTo(passedQuality);
        long oneFace = verdicts.stream().skip(1).map(line -> line.split(",", -1))
                .filter(fields -> fields[count].equals("1.0")).count();
        assertThat((double) oneFace / judgedByFaces).as("real faces show exactly one face").isGreaterThan(0.95);
        assertThat(Files.readString(out.resolve("report.html"))).contains("Faces found", "Largest face area / image area");
    }
}
