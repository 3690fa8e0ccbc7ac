package io.ferstream.vision;

import static io.ferstream.vision.FaceDetectorTestSupport.images;
import static io.ferstream.vision.FaceDetectorTestSupport.measure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.vision.FaceDetectorTestSupport.Recall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class OnnxFaceDetectorTest {

    /** {@code shared/models/face_detection_yunet_2023mar.onnx} beside the repository, if present. */
    private static Optional<Path> yunetModel() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared/models/face_detection_yunet_2023mar.onnx");
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static FaceDetector yunetOrSkip() {
        Optional<Path> model = yunetModel();
        if (model.isEmpty()) {
            System.out.println("SKIPPED: shared/models/face_detection_yunet_2023mar.onnx not found");
        }
        Assumptions.assumeTrue(model.isPresent(), "YuNet model not found in shared/models");
        DetectorAvailability a = FaceDetectors.yunet(model.get());
        assertThat(a).isInstanceOf(DetectorAvailability.Available.class);
        return ((DetectorAvailability.Available) a).detector();
    }

    @Test
    void missingModelIsReportedUnavailableNotThrown(@TempDir Path dir) {
        DetectorAvailability a = FaceDetectors.select(dir.resolve("nope.onnx"));
        assertThat(a).isInstanceOfSatisfying(DetectorAvailability.Unavailable.class, u -> {
            assertThat(u.reason()).contains("model file not found").contains("nope.onnx");
            assertThat(u.detectorName()).isEqualTo("yunet:nope.onnx");
        });
    }

    @Test
    void unreadableModelIsReportedUnavailable(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "this is not an ONNX model");
        DetectorAvailability a = FaceDetectors.yunet(junk);
        assertThat(a).isInstanceOfSatisfying(DetectorAvailability.Unavailable.class,
                u -> assertThat(u.reason()).contains("could not load").contains("junk.onnx"));
    }

    @Test
    void noModelPathSelectsHaar() {
        DetectorAvailability a = FaceDetectors.select(null);
        assertThat(a.detectorName()).isEqualTo("haar:frontalface_default");
        ((DetectorAvailability.Available) a).detector().close();
    }

    @Test
    void yunetFindsNoFaceInSyntheticNonFaces() {
        try (FaceDetector d = yunetOrSkip()) {
            assertThat(measure(d, FaceDetectorTestSupport.syntheticNonFaces(100, 2)).anyFace()).isZero();
        }
    }

    @Test
    void yunetRecallOnFirst2000TrainingRows() {
        try (FaceDetector d = yunetOrSkip()) {
            List<Fer2013.Row> rows = Fer2013.firstTrainingRows(2000);
            Recall r = measure(d, images(rows));
            System.out.println(r.describe("YuNet 2023mar (48 -> 128 px, score 0.6), first 2,000 FER2013 Training rows"));
            assertThat(r.recall()).isGreaterThan(0.9); // measured ~97%
            Recall fp = measure(d, FaceDetectorTestSupport.shuffled(rows.subList(0, 300), 5));
            System.out.println(fp.describe("YuNet on 300 pixel-shuffled faces (false positives)"));
            assertThat(fp.recall()).isLessThanOrEqualTo(0.02);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "fer.fullData", matches = "true")
    void yunetRecallOnAllOfFer2013() {
        try (FaceDetector d = yunetOrSkip()) {
            for (String usage : List.of("Training", "PublicTest", "PrivateTest")) {
                List<Fer2013.Row> rows = Fer2013.read(Fer2013.csvOrSkip(), usage::equals, Integer.MAX_VALUE);
                System.out.println(measure(d, images(rows)).describe("FULL YuNet, " + usage));
            }
        }
    }
}
