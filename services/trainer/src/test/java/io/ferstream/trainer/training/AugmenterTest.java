package io.ferstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class AugmenterTest {

    private static float[] ramp() {
        float[] a = new float[48 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                a[y * 48 + x] = x / 47f;
            }
        }
        return a;
    }

    @Test
    void flipMirrorsRowsAndTwiceIsIdentity() {
        float[] a = ramp();
        Augmenter.flip(a, 0, 48);
        assertThat(a[0]).isEqualTo(1f);
        assertThat(a[47]).isEqualTo(0f);
        Augmenter.flip(a, 0, 48);
        assertThat(a).isEqualTo(ramp());
    }

    @Test
    void identityAffineKeepsTheImageAndAShiftMovesIt() {
        Augmenter aug = new Augmenter(48);
        float[] a = ramp();
        aug.affine(a, 0, 0, 0, 1, 0);
        assertThat(a).containsExactly(ramp(), within(1e-6f));
        aug.affine(a, 0, 2, 0, 1, 0);
        assertThat(a[10]).isCloseTo(8 / 47f, within(1e-6f)); // x = 10 now shows x = 8
        assertThat(a[0]).isZero(); // constant 0 border
    }

    @Test
    void seededAndInRange() {
        float[] a = ramp();
        float[] b = ramp();
        new Augmenter(48).apply(a, 0, new Random(9));
        new Augmenter(48).apply(b, 0, new Random(9));
        assertThat(a).isEqualTo(b);
        Random rnd = new Random(1);
        Augmenter aug = new Augmenter(48);
        int changed = 0;
        for (int i = 0; i < 200; i++) {
            float[] c = ramp();
            aug.apply(c, 0, rnd);
            for (float v : c) {
                assertThat(v).isBetween(0f, 1f);
            }
            if (!java.util.Arrays.equals(c, ramp())) {
                changed++;
            }
        }
        // P(untouched) = 0.5 * 0.3 * 0.5 = 7.5 %
        assertThat(changed).isBetween(170, 198);
    }
}
