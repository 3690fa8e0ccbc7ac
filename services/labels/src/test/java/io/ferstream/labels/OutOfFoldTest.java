package io.ferstream.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class OutOfFoldTest {

    @Test
    void foldsAreStratifiedAndCoverEveryRow() {
        int[] labels = new int[700];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 35 ? 1 : (i % 2 == 0 ? 0 : 2);
        }
        int[] fold = OutOfFold.folds(labels, 3, 5, 1);
        for (int f = 0; f < 5; f++) {
            int rare = 0;
            int all = 0;
            for (int i = 0; i < labels.length; i++) {
                if (fold[i] == f) {
                    all++;
                    rare += labels[i] == 1 ? 1 : 0;
                }
            }
            assertThat(all).isEqualTo(140);
            assertThat(rare).as("the rare class is dealt evenly").isEqualTo(7);
        }
    }

    @Test
    void aLearnableProblemIsLearnedOutOfFold() {
        Random random = new Random(3);
        int n = 600;
        float[][] features = new float[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            features[i][0] = (float) (labels[i] * 3 + random.nextGaussian());
            features[i][1] = (float) random.nextGaussian();
        }
        double[][] p = OutOfFold.probabilities(features, labels, 3, 4, SoftmaxRegression.Settings.DEFAULT, line -> { });
        assertThat(accuracy(p, labels)).isGreaterThan(0.85);
    }

    /**
     * Random labels on random features: a model that saw its rows would fit them well above chance
     * (it has more weights than rows), but out of fold it cannot beat chance. This is what makes the
     * probabilities fit for confident learning.
     */
    @Test
    void noRowIsPredictedByAModelThatSawIt() {
        Random random = new Random(4);
        int n = 300;
        int d = 400;
        float[][] features = new float[n][d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            for (int k = 0; k < d; k++) {
                features[i][k] = (float) random.nextGaussian();
            }
        }
        SoftmaxRegression.Settings settings = new SoftmaxRegression.Settings(100, 32, 0.05, 0.9, 0, 1);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        SoftmaxRegression seen = SoftmaxRegression.train(features, labels, all, 2, settings);
        double[][] inSample = new double[n][];
        for (int i = 0; i < n; i++) {
            inSample[i] = seen.predict(features[i]);
        }
        assertThat(accuracy(inSample, labels)).as("in sample: memorised").isGreaterThan(0.85);
        double[][] outOfFold = OutOfFold.probabilities(features, labels, 2, 5, settings, line -> { });
        assertThat(accuracy(outOfFold, labels)).as("out of fold: chance").isBetween(0.35, 0.65);
    }

    private static double accuracy(double[][] p, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += OutOfFold.argmax(p[i]) == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }
}
