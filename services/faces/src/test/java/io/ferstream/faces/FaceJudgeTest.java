package io.ferstream.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.platform.stage.Judgement;
import io.ferstream.vision.DetectorAvailability;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.FaceCheck;
import io.ferstream.vision.FaceDetector;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.HaarFaceDetector;
import org.junit.jupiter.api.Test;

class FaceJudgeTest {

    private static FaceImage image() {
        byte[] pixels = new byte[48 * 48];
        java.util.Arrays.fill(pixels, (byte) 128);
        return FaceImage.newBuilder().setId("t").setRunId("r").setDataset("d").setSplit(Split.TRAIN)
                .setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(pixels))
                .setSource("s").setIngestTime(Instant.EPOCH).build();
    }

    /** A detector that reports fixed boxes, to pin the judge's decision logic. */
    private static DetectorAvailability boxes(FaceBox... faces) {
        return new DetectorAvailability.Available(new FaceDetector() {
            @Override
            public List<FaceBox> detect(GrayImage image) {
                return List.of(faces);
            }

            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public void close() {
            }
        });
    }

    @Test
    void oneLargeFacePassesWithItsAreaRatio() {
        // 30x30 on 48x48: 900 / 2304 = 0.390625 > 0.30.
        Judgement j = new FaceJudge(boxes(new FaceBox(9, 9, 30, 30)), FaceCheck.SEED).judge(image());
        assertThat(j.passed()).isTrue();
        assertThat(j.scores()).containsEntry("count", 1.0).containsEntry("area_ratio", 900.0 / 2304);
        assertThat(j.thresholds()).containsEntry("area_ratio.min", 0.30).containsEntry("faces.max", 1.0);
    }

    @Test
    void smallOrSeveralFacesFail() {
        // 26x26: 676 / 2304 = 0.293 <= 0.30.
        assertThat(new FaceJudge(boxes(new FaceBox(0, 0, 26, 26)), FaceCheck.SEED).judge(image()).reason())
                .isEqualTo("face_too_small");
        assertThat(new FaceJudge(boxes(new FaceBox(0, 0, 30, 30), new FaceBox(10, 10, 30, 30)), FaceCheck.SEED)
                .judge(image()).reason()).isEqualTo("multiple_faces");
        assertThat(new FaceJudge(boxes(), FaceCheck.SEED).judge(image()).reason()).isEqualTo("no_face");
    }

    @Test
    void aFlatImageHasNoFaceForTheRealHaarDetector() {
        try (FaceJudge judge = new FaceJudge(HaarFaceDetector.create(HaarFaceDetector.Config.DEFAULT), FaceCheck.SEED)) {
            Judgement j = judge.judge(image());
            assertThat(j.reason()).isEqualTo("no_face");
            assertThat(j.scores()).containsEntry("count", 0.0);
        }
    }

    @Test
    void aMissingDetectorSkipsTheCheckInsteadOfRejectingEverything() {
        FaceJudge judge = new FaceJudge(YuNetDetector.forModel(java.nio.file.Path.of("no/such/model.onnx")), FaceCheck.SEED);
        Judgement j = judge.judge(image());
        assertThat(j.passed()).isTrue();
        assertThat(j.scores()).containsEntry("skipped", 1.0);
    }

    @Test
    void withoutAModelFileTheStageUsesTheShippedYuNet() {
        DetectorAvailability shipped = FaceStage.detectors(FaceStage.Detector.YUNET, null).get();
        assertThat(shipped).isInstanceOf(DetectorAvailability.Available.class);
        assertThat(((DetectorAvailability.Available) shipped).detectorName()).startsWith("yunet");
        ((DetectorAvailability.Available) shipped).detector().close();
        DetectorAvailability haar = FaceStage.detectors(FaceStage.Detector.HAAR, null).get();
        assertThat(haar).isInstanceOf(DetectorAvailability.Available.class);
        ((DetectorAvailability.Available) haar).detector().close();
    }
}
