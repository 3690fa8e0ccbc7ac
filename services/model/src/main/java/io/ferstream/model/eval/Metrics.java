package io.ferstream.model.eval;

/** A confusion matrix ({@code confusion[true][predicted]}) and what follows from it. */
public record Metrics(int[][] confusion) {

    public static Metrics of(int[] truth, int[] predicted, int classes) {
        int[][] m = new int[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
        }
        return new Metrics(m);
    }

    public int total() {
        int t = 0;
        for (int[] row : confusion) {
            for (int v : row) {
                t += v;
            }
        }
        return t;
    }

    public double accuracy() {
        int correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return total() == 0 ? 0 : (double) correct / total();
    }

    /** Images whose true class is {@code c}. */
    public int support(int c) {
        int s = 0;
        for (int v : confusion[c]) {
            s += v;
        }
        return s;
    }

    public double precision(int c) {
        int predicted = 0;
        for (int[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    public double recall(int c) {
        int s = support(c);
        return s == 0 ? 0 : (double) confusion[c][c] / s;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
