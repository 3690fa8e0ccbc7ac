package io.ferstream.trainer.training;

/**
 * The original's two val-loss callbacks in one place, with Keras' rules:
 * ReduceLROnPlateau (improvement = {@code loss < best − 1e-4}; after {@code lrPatience} epochs
 * without one, lr ← max(lr·factor, minLr) and the count restarts) and EarlyStopping (improvement =
 * {@code loss < best − minDelta}; stop after {@code stopPatience} epochs without one; the best
 * epoch's weights are restored by the caller).
 */
public final class PlateauSchedule {

    static final double LR_MIN_DELTA = 1e-4;

    private final int lrPatience;
    private final double factor;
    private final double minLr;
    private final int stopPatience;
    private final double stopMinDelta;

    private double lr;
    private double lrBest = Double.POSITIVE_INFINITY;
    private int lrWait;
    private double stopBest = Double.POSITIVE_INFINITY;
    private int stopWait;

    public PlateauSchedule(double lr, int lrPatience, double factor, double minLr, int stopPatience, double stopMinDelta) {
        this.lr = lr;
        this.lrPatience = lrPatience;
        this.factor = factor;
        this.minLr = minLr;
        this.stopPatience = stopPatience;
        this.stopMinDelta = stopMinDelta;
    }

    /** What the end of an epoch decided. */
    public record Step(boolean best, boolean stop, double learningRate) {
    }

    public Step onEpochEnd(double valLoss) {
        if (valLoss < lrBest - LR_MIN_DELTA) {
            lrBest = valLoss;
            lrWait = 0;
        } else if (++lrWait >= lrPatience) {
            if (lr > minLr) {
                lr = Math.max(lr * factor, minLr);
            }
            lrWait = 0;
        }
        boolean best = valLoss < stopBest - stopMinDelta;
        if (best) {
            stopBest = valLoss;
            stopWait = 0;
        } else {
            stopWait++;
        }
        return new Step(best, stopWait >= stopPatience, lr);
    }

    /** Whether early stopping has fired (also after {@link #restore}). */
    public boolean stopped() {
        return stopWait >= stopPatience;
    }

    public double learningRate() {
        return lr;
    }

    /** State for a checkpoint: lr, lrBest, lrWait, stopBest, stopWait. */
    public double[] state() {
        return new double[] {lr, lrBest, lrWait, stopBest, stopWait};
    }

    public void restore(double[] s) {
        lr = s[0];
        lrBest = s[1];
        lrWait = (int) s[2];
        stopBest = s[3];
        stopWait = (int) s[4];
    }
}
