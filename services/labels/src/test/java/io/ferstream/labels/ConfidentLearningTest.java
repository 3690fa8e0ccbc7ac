package io.ferstream.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidentLearningTest {

    /** Three classes; six images, worked by hand below. */
    private static final int[] LABELS = {0, 0, 0, 1, 1, 2};
    private static final double[][] P = {
            {0.8, 0.1, 0.1},   // 0: confidently 0
            {0.6, 0.3, 0.1},   // 1: 0
            {0.1, 0.8, 0.1},   // 2: labelled 0, confidently 1 -> issue, suggested 1
            {0.2, 0.7, 0.1},   // 3: 1
            {0.5, 0.4, 0.1},   // 4: labelled 1: p1 = 0.4 < t1 = 0.55, p0 = 0.5 = t0 -> issue, suggested 0
            {0.3, 0.3, 0.4}};  // 5: 2 (t2 = 0.4)

    @Test
    void thresholdsAreEachClassMeanSelfConfidence() {
        assertThat(ConfidentLearning.thresholds(LABELS, P)).containsExactly(new double[] {0.5, 0.55, 0.4}, within(1e-12));
    }

    @Test
    void theOffDiagonalOfTheConfidentJointAreTheIssuesRankedBySelfConfidence() {
        ConfidentLearning.Result result = ConfidentLearning.find(LABELS, P);
        assertThat(result.confidentJoint()).isDeepEqualTo(new long[][] {{2, 1, 0}, {1, 1, 0}, {0, 0, 1}});
        assertThat(result.issues()).containsExactly(
                new ConfidentLearning.Issue(2, 0, 1, 0.1, 0.1 - 0.8),
                new ConfidentLearning.Issue(4, 1, 0, 0.4, 0.4 - 0.5));
        // Calibrated rows: class 0 (3 images) 2:1 -> 2, 1; class 1 (2 images) 1:1 -> 1, 1; class 2 -> 1. Off-diagonal 2 of 6.
        assertThat(result.estimatedNoiseRate()).isCloseTo(2.0 / 6, within(1e-12));
    }

    @Test
    void anImageNoClassIsConfidentOfIsNeitherCountedNorAnIssue() {
        ConfidentLearning.Result result = ConfidentLearning.find(new int[] {0, 1}, new double[][] {{0.2, 0.1}, {0.3, 0.9}},
                new double[] {0.5, 0.95});
        assertThat(result.confidentJoint()).isDeepEqualTo(new long[][] {{0, 0}, {0, 0}});
        assertThat(result.issues()).isEmpty();
    }

    @Test
    void heldOutImagesAreJudgedAgainstGivenThresholds() {
        ConfidentLearning.Result result = ConfidentLearning.find(new int[] {2}, new double[][] {{0.5, 0.1, 0.4}},
                new double[] {0.5, 0.55, 0.4});
        assertThat(result.issues()).singleElement().satisfies(issue -> assertThat(issue.suggested()).isEqualTo(0));
        assertThatThrownBy(() -> ConfidentLearning.find(new int[0], new double[0][])).isInstanceOf(IllegalArgumentException.class);
    }
}
