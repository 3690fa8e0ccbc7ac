package io.ferstream.trainer.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * A FER classifier trained here: input N×1×48×48 (CLAHE'd grey scaled to [0, 1]); a trunk of a stem
 * (Conv 3×3 → BN → ReLU) and a sequence of {@link TrunkBlock}s, which each {@link Architecture}
 * chooses; global average pooling; then the head they all share: Dense 256 → ReLU → Dropout 0.5 →
 * Dense 7.
 *
 * <p>The forward pass returns two arrays: the class logits (N×7, no softmax: the loss and the ONNX
 * export add it) and the embedding (N×256, the Dense-256 activation after ReLU, before dropout),
 * which the export names {@value OnnxWriter#PROBABILITIES} and {@value OnnxWriter#EMBEDDING}.
 */
public abstract class FerNetwork extends AbstractBlock {

    public static final int SIDE = 48;
    public static final int CLASSES = 7;
    public static final int EMBEDDING = 256;
    public static final float DROPOUT = 0.5f;

    /** He normal: N(0, 2 / fan_in) (Keras truncates at 2σ; this does not). */
    static final Initializer HE_NORMAL =
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2f);
    /** Glorot uniform: U(±sqrt(6 / (fan_in + fan_out))). */
    static final Initializer GLOROT_UNIFORM =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);

    private final Conv2d stemConv;
    private final BatchNorm stemBn;
    private final float stemBnEpsilon;
    private final Map<String, TrunkBlock> blocks;
    private final Linear dense;
    private final Dropout dropout;
    private final Linear classifier;

    /**
     * @param stemBnEpsilon the stem BN's epsilon (DJL keeps no getter for it; the export needs it)
     * @param blocks the trunk after the stem, in order, by name
     */
    protected FerNetwork(byte version, Conv2d stemConv, BatchNorm stemBn, float stemBnEpsilon, Map<String, TrunkBlock> blocks) {
        super(version);
        // The order children are added in is the order of a checkpoint's parameters.
        this.stemConv = addChildBlock("stem_conv", stemConv);
        this.stemBn = addChildBlock("stem_bn", stemBn);
        this.stemBnEpsilon = stemBnEpsilon;
        this.blocks = new LinkedHashMap<>();
        blocks.forEach((name, block) -> this.blocks.put(name, addChildBlock(name, block)));
        dense = addChildBlock("dense", Linear.builder().setUnits(EMBEDDING).build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(DROPOUT).build());
        classifier = addChildBlock("classifier", Linear.builder().setUnits(CLASSES).build());
        dense.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        classifier.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
    }

    public abstract Architecture architecture();

    public BatchNorm stemBn() {
        return stemBn;
    }

    /** The trunk after the stem, in order. */
    public List<TrunkBlock> trunkBlocks() {
        return List.copyOf(blocks.values());
    }

    /** Writes the stem and the trunk's blocks from {@code input}; returns the name of the trunk's output. */
    String writeTrunk(OnnxWriter onnx, String input) {
        String x = onnx.relu("stem_relu", onnx.batchNorm("stem_bn", onnx.conv("stem_conv", input, stemConv), stemBn, stemBnEpsilon));
        for (Map.Entry<String, TrunkBlock> block : blocks.entrySet()) {
            x = block.getValue().write(onnx, block.getKey(), x);
        }
        return x;
    }

    public Linear dense() {
        return dense;
    }

    public Linear classifier() {
        return classifier;
    }

    /** All parameters, BN running statistics included (the figure Keras prints). */
    public long parameterCount() {
        return getParameters().values().stream().mapToLong(p -> p.getArray().getShape().size()).sum();
    }

    /** Parameters that receive gradients (BN running statistics excluded). */
    public long trainableParameterCount() {
        return getParameters().values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().getShape().size()).sum();
    }

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = stemBn.forward(ps, stemConv.forward(ps, inputs, training), training);
        x = new NDList(Activation.relu(x.singletonOrThrow()));
        for (TrunkBlock block : blocks.values()) {
            x = block.forward(ps, x, training);
        }
        NDArray features = x.singletonOrThrow();
        NDArray pooled = Pool.globalAvgPool2d(features).reshape(-1, features.getShape().get(1));
        NDArray embedding = Activation.relu(dense.forward(ps, new NDList(pooled), training).singletonOrThrow());
        NDList dropped = dropout.forward(ps, new NDList(embedding), training);
        NDArray logits = classifier.forward(ps, dropped, training).singletonOrThrow();
        return new NDList(logits, embedding);
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, CLASSES), new Shape(n, EMBEDDING)};
    }

    @Override
    protected final void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        stemConv.initialize(manager, dataType, inputShapes[0]);
        Shape features = stemConv.getOutputShapes(inputShapes)[0];
        stemBn.initialize(manager, dataType, features);
        for (TrunkBlock block : blocks.values()) {
            block.initialize(manager, dataType, features);
            features = block.getOutputShapes(new Shape[] {features})[0];
        }
        dense.initialize(manager, dataType, new Shape(features.get(0), features.get(1)));
        Shape hidden = new Shape(features.get(0), EMBEDDING);
        dropout.initialize(manager, dataType, hidden);
        classifier.initialize(manager, dataType, hidden);
    }
}
