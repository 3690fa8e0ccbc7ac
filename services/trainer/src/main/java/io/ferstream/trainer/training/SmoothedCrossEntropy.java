package io.ferstream.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with label smoothing and per-sample weights, as Keras computes
 * {@code CategoricalCrossentropy(label_smoothing=ε)} with {@code class_weight}: the target is
 * {@code (1 − ε)·onehot + ε / K}, each sample's loss is multiplied by its class weight, and the
 * batch loss is the sum divided by the batch size.
 *
 * <p>Labels: {@code [class indices (N), sample weights (N)]} (weights optional: 1).
 * Predictions: {@code [logits (N×K), …]}; only the first array is used.
 */
public final class SmoothedCrossEntropy extends Loss {

    private final float smoothing;

    public SmoothedCrossEntropy(float smoothing) {
        super("SmoothedCrossEntropy");
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    public float smoothing() {
        return smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.get(0);
        int classes = (int) logits.getShape().get(1);
        NDArray logp = logits.logSoftmax(1);
        NDArray target = labels.get(0).oneHot(classes).mul(1 - smoothing).add(smoothing / classes);
        NDArray perSample = target.mul(logp).sum(new int[] {1}).neg();
        if (labels.size() > 1) {
            perSample = perSample.mul(labels.get(1));
        }
        return perSample.mean();
    }
}
