package io.ferstream.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.platform.stage.Judgement;
import io.ferstream.vision.FaceCheck;
import io.ferstream.vision.Fer2013;
import io.ferstream.vision.GrayImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The face stage as `fer run` runs it by default (the shipped YuNet, the seed's rule: exactly one face
 * covering more than 30 % of the image): it must catch non-faces and keep real faces.
 */
class DefaultFaceCheckTest {

    private static FaceJudge judge;

    @BeforeAll
    static void shippedDetector() {
        judge = new FaceJudge(FaceStage.detectors(FaceStage.Detector.YUNET, null).get(), FaceCheck.SEED);
    }

    @AfterAll
    static void close() {
        judge.close();
    }

    @Test
    void acceptsNoneOfThreeHundredSyntheticNonFaces() {
        List<SyntheticNonFaces.NonFace> nonFaces = SyntheticNonFaces.all();
        assertThat(nonFaces).hasSizeGreaterThanOrEqualTo(300);
        assertThat(nonFaces.stream().map(SyntheticNonFaces.NonFace::kind).collect(Collectors.toSet()))
                .contains("blank", "dark", "linear gradient", "radial gradient", "noise", "text", "shapes");
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < nonFaces.size(); i++) {
            Judgement verdict = judge.judge(faceImage(nonFaces.get(i).image()));
            assertThat(verdict.scores()).doesNotContainKey("skipped");
            if (verdict.passed()) {
                accepted.add("#" + i + " " + nonFaces.get(i).kind());
            }
        }
        assertThat(accepted).as("non-faces accepted as faces").isEmpty();
    }

    @Test
    void passesAtLeast97PercentOfHandCheckedValidationFaces() throws IOException {
        Set<Integer> faceRows = handCheckedFaceRows();
        assertThat(faceRows).hasSize(300);
        List<Fer2013.Row> rows = Fer2013.read(Fer2013.csvOrSkip(), "PublicTest"::equals, Integer.MAX_VALUE).stream()
                .filter(row -> faceRows.contains(row.index())).toList();
        assertThat(rows).hasSize(faceRows.size());
        List<Integer> failed = new ArrayList<>();
        for (Fer2013.Row row : rows) {
            if (!judge.judge(faceImage(row.image())).passed()) {
                failed.add(row.index());
            }
        }
        double passRate = 1.0 - (double) failed.size() / rows.size();
        System.out.printf("Default face check: %d of %d hand-checked VALIDATION faces pass (%.1f %%); failed rows %s%n",
                rows.size() - failed.size(), rows.size(), 100 * passRate, failed);
        assertThat(passRate).as("share of real faces passing, failed rows " + failed).isGreaterThanOrEqualTo(0.97);
    }

    /** Rows of validation-faces-hand-checked.csv judged "face" by eye. */
    private static Set<Integer> handCheckedFaceRows() throws IOException {
        try (InputStream in = DefaultFaceCheckTest.class.getResourceAsStream("validation-faces-hand-checked.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#") && !line.startsWith("row,"))
                    .map(line -> line.split(",", -1))
                    .filter(fields -> fields[1].equals("face"))
                    .map(fields -> Integer.parseInt(fields[0]))
                    .collect(Collectors.toSet());
        }
    }

    private static FaceImage faceImage(GrayImage image) {
        return FaceImage.newBuilder().setId("check").setRunId("check").setDataset("check").setSplit(Split.VALIDATION)
                .setLabel(null).setWidth(image.width()).setHeight(image.height()).setEncoding(ImageEncoding.GRAY8)
                .setPixels(ByteBuffer.wrap(image.pixels())).setSource("check").setIngestTime(Instant.EPOCH).build();
    }
}
