package io.ferstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {

    @Test
    void startsAtTheBaseFallsMonotonicallyAndEndsNearTheMinimum() {
        CosineSchedule s = new CosineSchedule(17, 26, 3e-4, 1e-6);
        assertThat(s.rate(17)).isEqualTo(3e-4);
        // half way through the span (progress 0.5): the mean of base and min
        assertThat(new CosineSchedule(1, 4, 3e-4, 1e-6).rate(3)).isCloseTo((3e-4 + 1e-6) / 2, offset(1e-12));
        for (int e = 18; e <= 26; e++) {
            assertThat(s.rate(e)).isLessThan(s.rate(e - 1)).isGreaterThan(1e-6);
        }
        // the last epoch is one step above the minimum: 1/10 of the way is left, cos(0.9 pi)
        assertThat(s.rate(26)).isCloseTo(1e-6 + (3e-4 - 1e-6) * (1 + Math.cos(Math.PI * 0.9)) / 2, offset(1e-12));
        assertThat(s.rate(40)).isEqualTo(s.rate(26));
        assertThat(s.rate(1)).isEqualTo(3e-4);
    }

    @Test
    void aSpanOfOneEpochTrainsAtTheBase() {
        assertThat(new CosineSchedule(5, 5, 1e-3, 0).rate(5)).isEqualTo(1e-3);
    }

    @Test
    void rejectsBackwardSpansAndAMinimumAboveTheBase() {
        assertThatThrownBy(() -> new CosineSchedule(5, 4, 1e-3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CosineSchedule(0, 4, 1e-3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CosineSchedule(1, 4, 1e-3, 2e-3)).isInstanceOf(IllegalArgumentException.class);
    }
}
