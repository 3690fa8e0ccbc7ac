package io.ferstream.embedder.outliers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import org.junit.jupiter.api.Test;

class OutlierStatisticsTest {

    @Test
    void cosineDistanceByHand() {
        // (1,0) vs (1,1): cos = 1/√2, distance = 1 − 0.70710678...
        assertThat(OutlierStatistics.cosineDistance(new float[] {1, 0}, new double[] {1, 1}))
                .isCloseTo(1 - Math.sqrt(0.5), within(1e-15));
        assertThat(OutlierStatistics.cosineDistance(new float[] {2, 0}, new double[] {5, 0})).isZero();
        assertThat(OutlierStatistics.cosineDistance(new float[] {0, 0}, new double[] {1, 0})).isEqualTo(1.0);
    }

    @Test
    void farSampleOfALargeClassIsAnOutlierAndSmallClassesKeepAll() {
        // Ten HAPPY samples along (1,0) and one along (0,1). Centroid = (10/11, 1/11).
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(new Sample("h" + i, Split.TRAIN, Emotion.HAPPY, new float[] {1, 0}));
        }
        samples.add(new Sample("h-odd", Split.TRAIN, Emotion.HAPPY, new float[] {0, 1}));
        for (int i = 0; i < 9; i++) {
            samples.add(new Sample("s" + i, Split.TRAIN, Emotion.SAD, new float[] {i, 1}));
        }
        Map<Emotion, ClassStatistics> stats = OutlierStatistics.compute(samples, OutlierRule.SEED);

        ClassStatistics happy = stats.get(Emotion.HAPPY);
        // |c| = √101/11. d(1,0) = 1 − 10/√101 = 0.004962..., d(0,1) = 1 − 1/√101 = 0.900496...
        double near = 1 - 10 / Math.sqrt(101);
        double far = 1 - 1 / Math.sqrt(101);
        double mean = (10 * near + far) / 11;
        double std = Math.sqrt((10 * (near - mean) * (near - mean) + (far - mean) * (far - mean)) / 11);
        assertThat(happy.count()).isEqualTo(11);
        assertThat(happy.distanceMean()).isCloseTo(mean, within(1e-12));
        assertThat(happy.distanceStd()).isCloseTo(std, within(1e-12));
        assertThat(happy.threshold()).isCloseTo(mean + 2.5 * std, within(1e-12));
        assertThat(happy.isOutlier(far)).isTrue();
        assertThat(happy.isOutlier(near)).isFalse();

        ClassStatistics sad = stats.get(Emotion.SAD);
        assertThat(sad.small()).isTrue();
        assertThat(sad.isOutlier(1.0)).isFalse();
    }

    @Test
    void aDistanceEqualToTheThresholdIsAnOutlier() {
        // keep iff d < threshold, so d == threshold is removed.
        ClassStatistics stats = new ClassStatistics(20, new double[] {1}, 0.1, 0.02, 0.15, false);
        assertThat(stats.isOutlier(0.15)).isTrue();
        assertThat(stats.isOutlier(Math.nextDown(0.15))).isFalse();
    }

    @Test
    void onlyTrainSamplesShapeTheStatistics() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            samples.add(new Sample("t" + i, Split.TRAIN, Emotion.FEAR, new float[] {1, i % 2}));
        }
        List<Sample> withTest = new ArrayList<>(samples);
        withTest.add(new Sample("x", Split.TEST, Emotion.FEAR, new float[] {-5, 3}));
        withTest.add(new Sample("u", Split.TRAIN, null, new float[] {9, 9}));
        assertThat(OutlierStatistics.compute(withTest, OutlierRule.SEED).get(Emotion.FEAR).distanceMean())
                .isEqualTo(OutlierStatistics.compute(samples, OutlierRule.SEED).get(Emotion.FEAR).distanceMean());
    }

    @Test
    void onlineStatisticsMatchWelfordByHand() {
        OnlineClassStatistics online = new OnlineClassStatistics();
        assertThat(online.add(new float[] {1, 0})).isEqualTo(1.0);
        // centroid (1,0): distance of (0,1) = 1
        assertThat(online.add(new float[] {0, 1})).isCloseTo(1.0, within(1e-15));
        // centroid (0.5,0.5): distance of (1,0) = 1 − 0.5/√0.5 = 1 − √0.5
        double third = online.add(new float[] {1, 0});
        assertThat(third).isCloseTo(1 - Math.sqrt(0.5), within(1e-15));
        assertThat(online.count()).isEqualTo(3);
        double mean = (1.0 + third) / 2;
        assertThat(online.distanceMean()).isCloseTo(mean, within(1e-15));
        assertThat(online.distanceStd()).isCloseTo(Math.abs(1.0 - third) / 2, within(1e-15));
    }
}
