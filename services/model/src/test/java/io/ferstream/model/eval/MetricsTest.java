package io.ferstream.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void metricsFromAConfusionMatrix() {
        Metrics m = Metrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, 7);
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.precision(1)).isEqualTo(2.0 / 3);
        assertThat(m.recall(0)).isEqualTo(0.5);
        assertThat(m.f1(1)).isEqualTo(0.8, Offset.offset(1e-12));
        assertThat(m.f1(5)).isZero();
    }
}
