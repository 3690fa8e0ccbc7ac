package io.ferstream.trainer.training;

/**
 * Cosine decay of the learning rate over a fixed span of epochs: epoch {@code start} trains at
 * {@code base}, and the rate falls along half a cosine towards {@code min}, which it would reach one
 * epoch after {@code end}.
 *
 * <p>Why it exists beside the recipe's plateau rule: on two cores an epoch of the seed network takes
 * about 8 minutes, and the plateau rule halves the rate only after 7 epochs without a better
 * validation loss, so a budget of a few hours is spent almost entirely at the starting rate. A decay
 * that ends with the budget spends the last epochs at small rates, where the validation accuracy
 * stops swinging and settles. The span can start mid-run: a run trained under the plateau rule can
 * be resumed under this one ({@code fer train --resume --lr-schedule COSINE}).
 */
public record CosineSchedule(int start, int end, double base, double min) {

    public CosineSchedule {
        if (start < 1 || end < start) {
            throw new IllegalArgumentException("epochs " + start + ".." + end + " are not a span");
        }
        if (!(min >= 0 && min <= base)) {
            throw new IllegalArgumentException("min " + min + " must be in [0, " + base + "]");
        }
    }

    /** The rate for {@code epoch} (1-based; epochs past {@code end} get the last epoch's rate). */
    public double rate(int epoch) {
        int e = Math.max(start, Math.min(end, epoch));
        double progress = (double) (e - start) / (end - start + 1);
        return min + (base - min) * (1 + Math.cos(Math.PI * progress)) / 2;
    }
}
