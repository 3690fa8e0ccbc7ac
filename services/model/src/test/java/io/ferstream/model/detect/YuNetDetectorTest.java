package io.ferstream.model.detect;

import static io.ferstream.vision.FaceDetectorTestSupport.images;
import static io.ferstream.vision.FaceDetectorTestSupport.measure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.ferstream.model.ModelCards;
import io.ferstream.model.ShippedModel;
import io.ferstream.model.Task;
import io.ferstream.platform.files.Sha256;
import io.ferstream.vision.DetectorAvailability;
import io.ferstream.vision.FaceDetector;
import io.ferstream.vision.FaceDetectorTestSupport;
import io.ferstream.vision.FaceDetectorTestSupport.Recall;
import io.ferstream.vision.Fer2013;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.files.GrayImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class YuNetDetectorTest {

    /** The sha256 of face_detection_yunet_2023mar.onnx in shared/models/MODELS.md. */
    private static final String MODELS_MD_SHA256 = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4";

    private static FaceDetector shipped() {
        DetectorAvailability a = YuNetDetector.shipped();
        assertThat(a).isInstanceOf(DetectorAvailability.Available.class);
        return ((DetectorAvailability.Available) a).detector();
    }

    @Test
    void theShippedYuNetIsExtractedOnceAndMatchesItsCardAndMODELSmd() throws IOException {
        ShippedModel yunet = ShippedModel.yunet();
        assertThat(ShippedModel.yunet()).isSameAs(yunet);
        assertThat(yunet.model().getFileName()).hasToString("face_detection_yunet_2023mar.onnx");
        assertThat(Files.size(yunet.model())).isEqualTo(232_589L);
        assertThat(Sha256.of(yunet.model())).isEqualTo(MODELS_MD_SHA256).isEqualTo(yunet.card().onnxSha256());
        assertThat(yunet.card().task()).isEqualTo(Task.DETECTOR);
        assertThat(yunet.card().preprocessing().shape(1)).containsExactly(1, 3, 640, 640);
        try (InputStream sha = YuNetDetectorTest.class.getResourceAsStream("/io/ferstream/model/yunet/face_detection_yunet_2023mar.onnx.sha256");
                InputStream license = YuNetDetectorTest.class.getResourceAsStream("/io/ferstream/model/yunet/LICENSE")) {
            assertThat(new String(sha.readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo(MODELS_MD_SHA256 + "  face_detection_yunet_2023mar.onnx\n");
            assertThat(new String(license.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("MIT License", "Copyright (c) 2020 Shiqi Yu");
        }
    }

    @Test
    void theShippedYuNetLoadsWithoutAPath() {
        try (FaceDetector d = shipped()) {
            assertThat(d.name()).isEqualTo("yunet:face_detection_yunet_2023mar.onnx");
            assertThat(measure(d, FaceDetectorTestSupport.syntheticNonFaces(100, 2)).anyFace()).isZero();
        }
    }

    @Test
    void aCopyThatDoesNotMatchItsCardIsRefused(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("face_detection_yunet_2023mar.onnx");
        Files.write(copy, Files.readAllBytes(ShippedModel.yunet().model()));
        Files.write(copy, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelCards.verify(ShippedModel.yunet().card(), copy))
                .hasMessageContaining("onnx_sha256");
    }

    @Test
    void missingModelIsReportedUnavailableNotThrown(@TempDir Path dir) {
        DetectorAvailability a = YuNetDetector.forModel(dir.resolve("nope.onnx"));
        assertThat(a).isInstanceOfSatisfying(DetectorAvailability.Unavailable.class, u -> {
            assertThat(u.reason()).contains("model file not found").contains("nope.onnx");
            assertThat(u.detectorName()).isEqualTo("yunet:nope.onnx");
        });
    }

    @Test
    void unreadableModelIsReportedUnavailable(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "this is not an ONNX model");
        DetectorAvailability a = YuNetDetector.forModel(junk);
        assertThat(a).isInstanceOfSatisfying(DetectorAvailability.Unavailable.class,
                u -> assertThat(u.reason()).contains("could not load").contains("junk.onnx"));
    }

    /** The shipped model on real faces; FER2013 comes from shared/ beside the repository (skipped without it). */
    @Test
    void yunetRecallOnFirst2000TrainingRows() {
        List<Fer2013.Row> rows = Fer2013.firstTrainingRows(2000);
        try (FaceDetector d = shipped()) {
            Recall r = measure(d, images(rows));
            System.out.println(r.describe("YuNet 2023mar (48 -> 128 px, score 0.6), first 2,000 FER2013 Training rows"));
            assertThat(r.recall()).isGreaterThan(0.9); // measured ~97%
            Recall fp = measure(d, FaceDetectorTestSupport.shuffled(rows.subList(0, 300), 5));
            System.out.println(fp.describe("YuNet on 300 pixel-shuffled faces (false positives)"));
            assertThat(fp.recall()).isLessThanOrEqualTo(0.02);
        }
    }

    /** A real face enlarged to 144 px and placed in a 640×480 scene: found with its landmarks inside the box. */
    @Test
    void frameSettingsFindAFaceInAWholeFrameWithLandmarksAndScore() {
        GrayImage face = Fer2013.firstTrainingRows(1).get(0).image();
        byte[] big = GrayImages.resize(face.pixels(), 48, 48, 144, 144);
        byte[] scene = new byte[640 * 480];
        Arrays.fill(scene, (byte) 110);
        for (int y = 0; y < 144; y++) {
            System.arraycopy(big, y * 144, scene, (200 + y) * 640 + 300, 144);
        }
        try (YuNetDetector d = YuNetDetector.load(YuNetDetector.Config.forFrames(YuNetDetector.shippedModel()))) {
            List<DetectedFace> faces = d.detectFaces(GrayImage.of(640, 480, scene));
            assertThat(faces).hasSize(1);
            DetectedFace found = faces.get(0);
            assertThat(found.score()).isBetween(0.5f, 1f);
            assertThat(found.box().x()).isBetween(300, 300 + 72);
            assertThat(found.box().y()).isBetween(200, 200 + 72);
            float[] points = found.landmarks();
            for (int k = 0; k < points.length; k += 2) {
                assertThat(points[k]).isBetween((float) found.box().x(), (float) found.box().x() + found.box().w());
                assertThat(points[k + 1]).isBetween((float) found.box().y(), (float) found.box().y() + found.box().h());
            }
            assertThat(d.detect(GrayImage.of(640, 480, scene))).containsExactly(found.box());
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "fer.fullData", matches = "true")
    void yunetRecallOnAllOfFer2013() {
        try (FaceDetector d = shipped()) {
            for (String usage : List.of("Training", "PublicTest", "PrivateTest")) {
                List<Fer2013.Row> rows = Fer2013.read(Fer2013.csvOrSkip(), usage::equals, Integer.MAX_VALUE);
                System.out.println(measure(d, images(rows)).describe("FULL YuNet, " + usage));
            }
        }
    }
}
