package io.ferstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmoothedCrossEntropyTest {

    @BeforeAll
    static void offline() {
        DjlSetup.offline();
    }

    @Test
    void matchesTheFormulaWithWeights() {
        float[] logits = {2f, 0f, -1f, 0.5f, 0.5f, 3f};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDList pred = new NDList(m.create(logits, new Shape(2, 3)));
            NDList labels = new NDList(m.create(new long[] {0, 2}), m.create(new float[] {1f, 3f}));
            float got = new SmoothedCrossEntropy(0.1f).evaluate(labels, pred).getFloat();
            double expected = (loss(logits, 0, 0, 0.1) * 1 + loss(logits, 3, 2, 0.1) * 3) / 2;
            assertThat((double) got).isCloseTo(expected, within(1e-5));
            float plain = new SmoothedCrossEntropy(0f).evaluate(new NDList(labels.get(0)), pred).getFloat();
            assertThat((double) plain).isCloseTo((loss(logits, 0, 0, 0) + loss(logits, 3, 2, 0)) / 2, within(1e-5));
        }
    }

    /** Smoothed cross-entropy of the 3 logits at {@code off} for true class {@code y}. */
    private static double loss(float[] z, int off, int y, double eps) {
        double max = Math.max(z[off], Math.max(z[off + 1], z[off + 2]));
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            sum += Math.exp(z[off + k] - max);
        }
        double l = 0;
        for (int k = 0; k < 3; k++) {
            double logp = z[off + k] - max - Math.log(sum);
            double q = (k == y ? 1 - eps : 0) + eps / 3;
            l -= q * logp;
        }
        return l;
    }
}
