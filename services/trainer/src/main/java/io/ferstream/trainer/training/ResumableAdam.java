package io.ferstream.trainer.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.PairList;

/**
 * Adam, computed as DJL's {@code Adam} computes it (the engine's fused update, with bias correction),
 * but with its state in reach: the first and second moment estimates and the step count of every
 * parameter can be written with a checkpoint and read back, so a resumed run goes on exactly where
 * the killed one stopped instead of restarting the moments from zero (DJL's own Adam keeps them
 * private).
 *
 * <p>The state is saved by parameter name (DJL's parameter ids are random per process), in the
 * network's parameter order.
 */
final class ResumableAdam extends Optimizer {

    private static final int FORMAT = 1;

    private final ParameterTracker learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();
    private final Map<String, NDArray> means = new ConcurrentHashMap<>();
    private final Map<String, NDArray> variances = new ConcurrentHashMap<>();

    ResumableAdam(ParameterTracker learningRate, float beta1, float beta2, float epsilon) {
        super(new Builder());
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        float rate = learningRate.getNewValue(parameterId, t);
        float corrected = (float) (rate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        NDArray mean = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray variance = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight), rate, corrected,
                getWeightDecay(), rescaleGrad, clipGrad, beta1, beta2, epsilon, true, false);
    }

    /** Writes the state of every trainable parameter that has taken a step, by name. */
    void save(DataOutputStream out, PairList<String, Parameter> parameters) throws IOException {
        out.writeInt(FORMAT);
        int n = 0;
        for (Parameter p : parameters.values()) {
            n += steps.containsKey(p.getId()) ? 1 : 0;
        }
        out.writeInt(n);
        for (var entry : parameters) {
            String id = entry.getValue().getId();
            if (!steps.containsKey(id)) {
                continue;
            }
            out.writeUTF(entry.getKey());
            out.writeInt(steps.get(id));
            writeArray(out, means.get(id));
            writeArray(out, variances.get(id));
        }
    }

    /**
     * Reads state written by {@link #save} for the same network; the arrays go to {@code manager}.
     *
     * @throws IOException when the state names a parameter the network does not have, or its shapes differ
     */
    void load(DataInputStream in, PairList<String, Parameter> parameters, NDManager manager) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("optimizer state format " + format + ", expected " + FORMAT);
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Parameter p = parameters.get(name);
            if (p == null) {
                throw new IOException("optimizer state for '" + name + "', which the network does not have");
            }
            int t = in.readInt();
            NDArray mean = readArray(in, manager);
            NDArray variance = readArray(in, manager);
            if (!mean.getShape().equals(p.getArray().getShape()) || !variance.getShape().equals(p.getArray().getShape())) {
                throw new IOException("optimizer state for '" + name + "' has shape " + mean.getShape() + ", the parameter "
                        + p.getArray().getShape());
            }
            steps.put(p.getId(), t);
            means.put(p.getId(), mean);
            variances.put(p.getId(), variance);
        }
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return NDArray.decode(manager, bytes);
    }

    /** The base class wants a builder; the defaults (no weight decay, rescale 1, no clipping) are the recipe's. */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
