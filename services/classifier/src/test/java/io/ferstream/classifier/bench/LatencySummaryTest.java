package io.ferstream.classifier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesAreNearestRankOverTheCountedValues() {
        double[] millis = new double[150];
        for (int i = 0; i < 100; i++) {
            millis[i] = 100 - i; // 100, 99, ..., 1: unsorted on purpose
        }

        LatencySummary summary = LatencySummary.of(millis, 100);

        assertThat(summary).isEqualTo(new LatencySummary(100, 50, 95, 99, 100));
        assertThat(millis[0]).isEqualTo(100);
    }

    @Test
    void oneValueIsEveryPercentileAndNoneIsNaN() {
        assertThat(LatencySummary.of(new double[] {7}, 1)).isEqualTo(new LatencySummary(1, 7, 7, 7, 7));
        assertThat(LatencySummary.of(new double[0], 0).p50()).isNaN();
    }
}
