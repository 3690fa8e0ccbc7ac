package io.ferstream.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceCheckTest {

    private final FaceCheck seed = FaceCheck.SEED;

    @Test
    void noFace() {
        FaceCheck.Verdict v = seed.evaluate(List.of(), 48, 48);
        assertThat(v).isEqualTo(new FaceCheck.Verdict(false, FaceCheck.Reason.NO_FACE, 0, 0));
        assertThat(v.reason().code()).isEqualTo("no_face");
    }

    @Test
    void multipleFacesEvenIfLarge() {
        FaceCheck.Verdict v = seed.evaluate(List.of(new FaceBox(0, 0, 40, 40), new FaceBox(2, 2, 30, 30)), 48, 48);
        assertThat(v.passed()).isFalse();
        assertThat(v.reason().code()).isEqualTo("multiple_faces");
        assertThat(v.faces()).isEqualTo(2);
        assertThat(v.largestAreaRatio()).isEqualTo(1600.0 / 2304.0);
    }

    @Test
    void areaRatioIsStrictlyAboveThreshold() {
        // 0.30 * 2304 = 691.2: a 27x26 box (702) passes, 26x26 (676) fails.
        assertThat(seed.evaluate(List.of(new FaceBox(5, 5, 27, 26)), 48, 48).passed()).isTrue();
        FaceCheck.Verdict small = seed.evaluate(List.of(new FaceBox(5, 5, 26, 26)), 48, 48);
        assertThat(small.reason()).isEqualTo(FaceCheck.Reason.FACE_TOO_SMALL);
        assertThat(small.largestAreaRatio()).isEqualTo(676.0 / 2304.0);
        // exactly at the threshold fails (strict >): 10x3 on 10x10 = 0.30
        assertThat(seed.evaluate(List.of(new FaceBox(0, 0, 10, 3)), 10, 10).reason())
                .isEqualTo(FaceCheck.Reason.FACE_TOO_SMALL);
    }

    @Test
    void passingVerdict() {
        FaceCheck.Verdict v = seed.evaluate(List.of(new FaceBox(4, 6, 40, 38)), 48, 48);
        assertThat(v).isEqualTo(new FaceCheck.Verdict(true, null, 1, 1520.0 / 2304.0));
    }

    @Test
    void customThresholds() {
        FaceCheck lenient = new FaceCheck(2, 0.1);
        assertThat(lenient.evaluate(List.of(new FaceBox(0, 0, 20, 20), new FaceBox(25, 25, 10, 10)), 48, 48)
                .passed()).isTrue();
        assertThatThrownBy(() -> new FaceCheck(0, 0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaceCheck(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faceBoxGeometry() {
        FaceBox b = new FaceBox(-5, 40, 20, 20);
        assertThat(b.inside(48, 48)).isFalse();
        // shift by (-12,-12) padding undo and clip: x -17..3 -> 0..3, y 28..48 -> 28..48
        assertThat(new FaceBox(7, 52, 20, 20).shiftAndClip(12, 12, 48, 48)).isEqualTo(new FaceBox(0, 40, 15, 8));
        assertThat(new FaceBox(0, 0, 10, 10).shiftAndClip(12, 12, 48, 48)).isNull();
        assertThat(new FaceBox(12, 12, 48, 48).shiftAndClip(12, 12, 48, 48)).isEqualTo(new FaceBox(0, 0, 48, 48));
        assertThatThrownBy(() -> new FaceBox(0, 0, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intersectionOverUnion() {
        FaceBox b = new FaceBox(10, 10, 20, 20);
        assertThat(b.iou(b)).isEqualTo(1.0);
        assertThat(b.iou(new FaceBox(40, 40, 5, 5))).isZero();
        // overlap 10x20 = 200 of a union 400 + 400 - 200 = 600
        assertThat(b.iou(new FaceBox(20, 10, 20, 20))).isEqualTo(1.0 / 3);
    }
}
