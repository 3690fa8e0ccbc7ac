package io.ferstream.labels;

import java.util.Random;

/**
 * Multinomial logistic regression on standardised features, trained by mini-batch SGD with momentum
 * and L2 weight decay, with class weights that balance the classes (FER2013's Disgust is 1.5 % of
 * TRAIN). Small and fast on purpose: it only has to give each image a probability from a model that
 * never saw it, many times over (one model per fold).
 */
public final class SoftmaxRegression {

    /** How to train: epochs, batch size, initial learning rate (cosine decay to 0), momentum, L2. */
    public record Settings(int epochs, int batchSize, double learningRate, double momentum, double l2, long seed) {
        public static final Settings DEFAULT = new Settings(12, 128, 0.05, 0.9, 1e-4, 7);

        public Settings {
            if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || momentum < 0 || momentum >= 1 || l2 < 0) {
                throw new IllegalArgumentException("invalid softmax regression settings: " + epochs + " epochs, batch "
                        + batchSize + ", learning rate " + learningRate + ", momentum " + momentum + ", l2 " + l2);
            }
        }
    }

    private final int classes;
    private final float[] mean;
    private final float[] scale;
    private final double[][] weights;
    private final double[] bias;

    private SoftmaxRegression(int classes, float[] mean, float[] scale, double[][] weights, double[] bias) {
        this.classes = classes;
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    /** Trains on the rows {@code rows} of {@code features} (labels in [0, classes)). */
    public static SoftmaxRegression train(float[][] features, int[] labels, int[] rows, int classes, Settings settings) {
        int d = features[0].length;
        float[] mean = new float[d];
        float[] scale = new float[d];
        for (int r : rows) {
            for (int k = 0; k < d; k++) {
                mean[k] += features[r][k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= rows.length;
        }
        for (int r : rows) {
            for (int k = 0; k < d; k++) {
                double v = features[r][k] - mean[k];
                scale[k] += (float) (v * v);
            }
        }
        for (int k = 0; k < d; k++) {
            double std = Math.sqrt(scale[k] / rows.length);
            scale[k] = std > 1e-8 ? (float) (1 / std) : 0f;
        }
        long[] count = new long[classes];
        for (int r : rows) {
            count[labels[r]]++;
        }
        double[] classWeight = new double[classes];
        for (int c = 0; c < classes; c++) {
            classWeight[c] = count[c] == 0 ? 0 : (double) rows.length / (classes * count[c]);
        }
        SoftmaxRegression model = new SoftmaxRegression(classes, mean, scale, new double[classes][d], new double[classes]);
        double[][] velocity = new double[classes][d];
        double[] biasVelocity = new double[classes];
        double[][] gradient = new double[classes][d];
        double[] biasGradient = new double[classes];
        double[] x = new double[d];
        double[] p = new double[classes];
        int[] order = rows.clone();
        Random random = new Random(settings.seed());
        long steps = (long) settings.epochs() * ((rows.length + settings.batchSize() - 1) / settings.batchSize());
        long step = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            shuffle(order, random);
            for (int start = 0; start < order.length; start += settings.batchSize(), step++) {
                int end = Math.min(order.length, start + settings.batchSize());
                for (double[] g : gradient) {
                    java.util.Arrays.fill(g, 0);
                }
                java.util.Arrays.fill(biasGradient, 0);
                for (int b = start; b < end; b++) {
                    int r = order[b];
                    model.standardise(features[r], x);
                    model.probabilities(x, p);
                    double w = classWeight[labels[r]];
                    for (int c = 0; c < classes; c++) {
                        double error = w * (p[c] - (c == labels[r] ? 1 : 0));
                        if (error == 0) {
                            continue;
                        }
                        double[] g = gradient[c];
                        for (int k = 0; k < d; k++) {
                            g[k] += error * x[k];
                        }
                        biasGradient[c] += error;
                    }
                }
                double rate = settings.learningRate() * 0.5 * (1 + Math.cos(Math.PI * step / steps));
                int n = end - start;
                for (int c = 0; c < classes; c++) {
                    double[] wc = model.weights[c];
                    double[] vc = velocity[c];
                    double[] g = gradient[c];
                    for (int k = 0; k < d; k++) {
                        vc[k] = settings.momentum() * vc[k] - rate * (g[k] / n + settings.l2() * wc[k]);
                        wc[k] += vc[k];
                    }
                    biasVelocity[c] = settings.momentum() * biasVelocity[c] - rate * biasGradient[c] / n;
                    model.bias[c] += biasVelocity[c];
                }
            }
        }
        return model;
    }

    /** The class probabilities of one feature vector. */
    public double[] predict(float[] features) {
        double[] x = new double[mean.length];
        double[] p = new double[classes];
        standardise(features, x);
        probabilities(x, p);
        return p;
    }

    private void standardise(float[] features, double[] x) {
        for (int k = 0; k < x.length; k++) {
            x[k] = (features[k] - mean[k]) * scale[k];
        }
    }

    private void probabilities(double[] x, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double z = bias[c];
            double[] w = weights[c];
            for (int k = 0; k < x.length; k++) {
                z += w[k] * x[k];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
