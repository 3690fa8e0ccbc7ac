package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import io.ferstream.vision.FaceBox;
import org.junit.jupiter.api.Test;

class SessionSmootherTest {

    private static final float[] HAPPY = {0, 0, 0, 1, 0, 0, 0};
    private static final float[] SAD = {0, 0, 0, 0, 1, 0, 0};

    private final SessionSmoother smoother = new SessionSmoother(0.5, 0.3, 3, 1_000);

    @Test
    void aFaceThatStaysKeepsItsTrackAndItsProbabilitiesAreSmoothed() {
        FaceBox box = new FaceBox(100, 100, 50, 50);
        SessionSmoother.Smoothed first = smoother.smooth("s", 0, List.of(box), List.of(HAPPY)).get(0);
        assertThat(first.probabilities()).containsExactly(HAPPY);
        SessionSmoother.Smoothed second = smoother.smooth("s", 40, List.of(new FaceBox(104, 102, 50, 50)), List.of(SAD)).get(0);
        assertThat(second.trackId()).isEqualTo(first.trackId());
        assertThat(second.probabilities()[3]).isCloseTo(0.5f, within(1e-6f));
        assertThat(second.probabilities()[4]).isCloseTo(0.5f, within(1e-6f));
        SessionSmoother.Smoothed third = smoother.smooth("s", 80, List.of(new FaceBox(106, 102, 50, 50)), List.of(SAD)).get(0);
        assertThat(third.probabilities()[4]).isCloseTo(0.75f, within(1e-6f));
    }

    @Test
    void twoFacesAreTrackedApartEvenWhenTheyAreListedInAnotherOrder() {
        FaceBox left = new FaceBox(0, 0, 50, 50);
        FaceBox right = new FaceBox(300, 0, 50, 50);
        List<SessionSmoother.Smoothed> first = smoother.smooth("s", 0, List.of(left, right), List.of(HAPPY, SAD));
        List<SessionSmoother.Smoothed> second = smoother.smooth("s", 40, List.of(right, left), List.of(SAD, HAPPY));
        assertThat(second.get(0).trackId()).isEqualTo(first.get(1).trackId());
        assertThat(second.get(1).trackId()).isEqualTo(first.get(0).trackId());
        assertThat(second.get(0).probabilities()).containsExactly(SAD);
        assertThat(first.get(0).trackId()).isNotEqualTo(first.get(1).trackId());
    }

    @Test
    void aFaceElsewhereStartsANewTrackAndSessionsDoNotMix() {
        int first = smoother.smooth("s", 0, List.of(new FaceBox(0, 0, 50, 50)), List.of(HAPPY)).get(0).trackId();
        SessionSmoother.Smoothed moved = smoother.smooth("s", 40, List.of(new FaceBox(200, 200, 50, 50)), List.of(SAD)).get(0);
        assertThat(moved.trackId()).isNotEqualTo(first);
        assertThat(moved.probabilities()).containsExactly(SAD);
        SessionSmoother.Smoothed other = smoother.smooth("t", 40, List.of(new FaceBox(200, 200, 50, 50)), List.of(HAPPY)).get(0);
        assertThat(other.probabilities()).containsExactly(HAPPY);
    }

    @Test
    void stateIsBoundedByCountAndByIdleTime() {
        for (int i = 0; i < 5; i++) {
            smoother.smooth("s" + i, i, List.of(), List.of());
        }
        assertThat(smoother.sessions()).isEqualTo(3);
        assertThat(smoother.evicted()).isEqualTo(2);
        assertThat(smoother.evictIdle(1_003)).isEqualTo(1); // s2, last seen at 2
        assertThat(smoother.evictIdle(5_000)).isEqualTo(2);
        assertThat(smoother.sessions()).isZero();
    }
}
