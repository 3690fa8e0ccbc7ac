package io.ferstream.fetcher.crop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.ferstream.fetcher.fixtures.PastedFaces;
import io.ferstream.model.detect.DetectedFace;
import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.Fer2013;
import io.ferstream.vision.GrayImage;
import org.junit.jupiter.api.Test;

class FaceCropperTest {

    /** Landmarks centred in {@code box} as FER2013 frames them, so the crop is the framing's square. */
    private static DetectedFace face(FaceBox box, float score) {
        float cx = box.x() + box.w() / 2f;
        float cy = box.y() + box.h() * 0.6f;
        return new DetectedFace(box, new float[] {cx - 5, cy - 5, cx + 5, cy - 5, cx, cy, cx - 4, cy + 5, cx + 4, cy + 5}, score);
    }

    @Test
    void takesTheMostConfidentFaceNotTheLargest() {
        DetectedFace large = face(new FaceBox(0, 0, 80, 90), 0.6f);
        DetectedFace confident = face(new FaceBox(100, 20, 40, 50), 0.95f);
        FaceCropper cropper = new FaceCropper(image -> List.of(large, confident), FerFraming.FER2013);

        FaceCrop crop = cropper.crop(GrayImage.filled(200, 120, 100));

        assertThat(crop).isInstanceOfSatisfying(FaceCrop.Cropped.class, c -> {
            assertThat(c.detection()).isEqualTo(confident);
            assertThat(c.face().width()).isEqualTo(48);
            assertThat(c.face().height()).isEqualTo(48);
        });
    }

    @Test
    void noFaceIsARejectionWithTheImageSize() {
        FaceCrop crop = new FaceCropper(image -> List.of(), FerFraming.FER2013).crop(GrayImage.filled(320, 240, 0));

        assertThat(crop).isEqualTo(new FaceCrop.NoFace("no face found in the 320x240 image"));
    }

    @Test
    void anAnnotatedBoxPicksTheOverlappingDetectionOrNone() {
        DetectedFace left = face(new FaceBox(10, 10, 50, 60), 0.99f);
        DetectedFace right = face(new FaceBox(200, 10, 50, 60), 0.7f);
        FaceCropper cropper = new FaceCropper(image -> List.of(left, right), FerFraming.FER2013);
        GrayImage scene = GrayImage.filled(300, 100, 50);

        assertThat(cropper.crop(scene, new FaceBox(195, 5, 55, 70)))
                .isInstanceOfSatisfying(FaceCrop.Cropped.class, c -> assertThat(c.detection()).isEqualTo(right));
        assertThat(cropper.crop(scene, new FaceBox(100, 10, 50, 60)))
                .isInstanceOfSatisfying(FaceCrop.NoFace.class, n -> assertThat(n.detail()).startsWith("2 face(s) found, none"));
    }

    @Test
    void theFramingScalesByTheBoxWidthAndPlacesTheLandmarkCentre() {
        DetectedFace detected = face(new FaceBox(100, 100, 83, 100), 0.9f);

        FerFraming.Square square = new FerFraming(0.83, 0.5, 0.6).around(detected);

        assertThat(square.side()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(square.left()).isCloseTo(141.5 - 50, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(square.top()).isCloseTo(160 - 60, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void aSquarePastTheEdgeRepeatsTheEdgePixels() {
        byte[] pixels = new byte[10 * 10];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i % 10 * 20);
        }
        GrayImage cut = FaceCropper.cut(GrayImage.of(10, 10, pixels), new FerFraming.Square(-38, 0, 48));

        assertThat(cut.get(0, 0)).isZero();
        assertThat(cut.get(37, 20)).isZero();
        assertThat(cut.get(47, 47)).isEqualTo(9 * 20);
    }

    /**
     * End to end with the shipped YuNet at frame settings: FER2013 VALIDATION faces, upscaled 4-8×
     * and pasted into 562×762 portraits (KDEF's size), are cut again where they were pasted, at the
     * median: each FER2013 image has its own framing (its face spans 0.5 to 1.7 of the median), so
     * single crops differ while the median square matches the pasted one.
     */
    @Test
    void pastedFer2013FacesAreCutWhereTheyWerePastedAtTheMedian() {
        List<Fer2013.Row> faces = PastedFaces.validationFaces(40);
        List<Double> sides = new ArrayList<>();
        List<Double> lefts = new ArrayList<>();
        List<Double> tops = new ArrayList<>();
        try (YuNetDetector yunet = YuNetDetector.load(YuNetDetector.Config.forFrames(YuNetDetector.shippedModel()))) {
            FaceCropper cropper = new FaceCropper(yunet::detectFaces, FerFraming.FER2013);
            for (int i = 0; i < faces.size(); i++) {
                int side = 192 + 48 * (i % 5);
                int left = 40 + 7 * i;
                int top = 60 + 3 * i;
                GrayImage portrait = PastedFaces.paste(PastedFaces.background(562, 762), faces.get(i).image(), side, left, top);
                if (cropper.crop(portrait) instanceof FaceCrop.Cropped c) {
                    FerFraming.Square square = FerFraming.FER2013.around(c.detection());
                    sides.add(square.side() / side);
                    lefts.add((square.left() - left) / side);
                    tops.add((square.top() - top) / side);
                }
            }
        }
        System.out.printf("pasted FER faces: %d of %d cropped; median square side %.3f of the pasted one, "
                + "offset (%.3f, %.3f) of its side%n", sides.size(), faces.size(), median(sides), median(lefts), median(tops));
        assertThat(sides.size()).isGreaterThanOrEqualTo(38);
        assertThat(median(sides)).isBetween(0.93, 1.07);
        assertThat(median(lefts)).isBetween(-0.04, 0.04);
        assertThat(median(tops)).isBetween(-0.04, 0.04);
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
