package io.ferstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlateauScheduleTest {

    @Test
    void halvesAfterSevenFlatEpochsDownToTheMinimumAndStopsAfterTwentyFive() {
        PlateauSchedule s = new PlateauSchedule(3e-4, 7, 0.5, 1e-6, 25, 5e-4);
        assertThat(s.onEpochEnd(1.0).best()).isTrue();
        for (int i = 1; i <= 6; i++) {
            PlateauSchedule.Step st = s.onEpochEnd(1.0);
            assertThat(st.learningRate()).isEqualTo(3e-4);
            assertThat(st.best()).isFalse();
        }
        assertThat(s.onEpochEnd(1.0).learningRate()).isEqualTo(1.5e-4);
        // an improvement smaller than EarlyStopping's 5e-4 but larger than the LR rule's 1e-4
        PlateauSchedule.Step st = s.onEpochEnd(0.9997);
        assertThat(st.best()).isFalse();
        int epochs = 9;
        while (!st.stop()) {
            st = s.onEpochEnd(1.0);
            epochs++;
        }
        assertThat(epochs).isEqualTo(1 + 25);
        assertThat(s.stopped()).isTrue();
        assertThat(s.learningRate()).isGreaterThanOrEqualTo(1e-6);
        // a resumed schedule knows it had stopped
        PlateauSchedule resumed = new PlateauSchedule(3e-4, 7, 0.5, 1e-6, 25, 5e-4);
        assertThat(resumed.stopped()).isFalse();
        resumed.restore(s.state());
        assertThat(resumed.stopped()).isTrue();
    }

    @Test
    void neverBelowTheMinimumAndStateRoundTrips() {
        PlateauSchedule s = new PlateauSchedule(4e-6, 1, 0.5, 1e-6, 100, 0);
        s.onEpochEnd(1);
        for (int i = 0; i < 10; i++) {
            s.onEpochEnd(2);
        }
        assertThat(s.learningRate()).isEqualTo(1e-6);
        PlateauSchedule t = new PlateauSchedule(3e-4, 1, 0.5, 1e-6, 100, 0);
        t.restore(s.state());
        assertThat(t.state()).isEqualTo(s.state());
    }
}
