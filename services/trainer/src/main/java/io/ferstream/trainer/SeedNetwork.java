package io.ferstream.trainer;

import java.util.List;

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
 * The original ("seed") network, exactly: input N×1×48×48 in [0, 1];
 * stem Conv 3×3 32 → BN → ReLU; residual blocks of 64, 128 and 256 channels, each followed by a
 * 2×2 max-pool ({@link ResidualBlock}); global average pool → Dense 256 → ReLU → Dropout 0.5 →
 * Dense 7. 1,277,191 parameters counted as Keras counts them (BN moving mean and variance
 * included; 1,275,335 of them trainable).
 *
 * <p>Batch norm uses Keras' settings (epsilon 1e-3, momentum 0.99). The forward pass returns two
 * arrays: the class logits (N×7, no softmax: the loss and the ONNX export add it) and the
 * embedding (N×256, the Dense-256 activation after ReLU, before dropout).
 */
public final class SeedNetwork extends AbstractBlock {

    public static final String ARCHITECTURE = "seed";
    public static final int SIDE = 48;
    public static final int CLASSES = 7;
    public static final int EMBEDDING = 256;
    public static final int STEM = 32;
    public static final List<Integer> BLOCKS = List.of(64, 128, 256);
    public static final float BN_EPSILON = 1e-3f;
    public static final float BN_MOMENTUM = 0.99f;
    public static final float DROPOUT = 0.5f;
    /** Parameters as Keras' {@code model.summary()} printed them for the original. */
    public static final long PARAMETERS = 1_277_191;

    /** He normal: N(0, 2 / fan_in) (Keras truncates at 2σ; this does not). */
    static final Initializer HE_NORMAL =
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2f);
    /** Glorot uniform: U(±sqrt(6 / (fan_in + fan_out))). */
    static final Initializer GLOROT_UNIFORM =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);

    private static final byte VERSION = 1;

    private final Conv2d stemConv;
    private final BatchNorm stemBn;
    private final List<ResidualBlock> blocks;
    private final Linear dense;
    private final Dropout dropout;
    private final Linear classifier;

    public SeedNetwork() {
        super(VERSION);
        stemConv = addChildBlock("stem_conv", conv3x3(STEM));
        stemBn = addChildBlock("stem_bn", batchNorm());
        blocks = BLOCKS.stream().map(c -> addChildBlock("block" + c, new ResidualBlock(c))).toList();
        dense = addChildBlock("dense", Linear.builder().setUnits(EMBEDDING).build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(DROPOUT).build());
        classifier = addChildBlock("classifier", Linear.builder().setUnits(CLASSES).build());
        stemConv.setInitializer(HE_NORMAL, Parameter.Type.WEIGHT);
        dense.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        classifier.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
    }

    static Conv2d conv3x3(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
    }

    public Conv2d stemConv() {
        return stemConv;
    }

    public BatchNorm stemBn() {
        return stemBn;
    }

    public List<ResidualBlock> blocks() {
        return blocks;
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
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = stemBn.forward(ps, stemConv.forward(ps, inputs, training), training);
        x = new NDList(Activation.relu(x.singletonOrThrow()));
        for (ResidualBlock block : blocks) {
            x = block.forward(ps, x, training);
        }
        NDArray pooled = Pool.globalAvgPool2d(x.singletonOrThrow()).reshape(-1, BLOCKS.get(BLOCKS.size() - 1));
        NDArray embedding = Activation.relu(dense.forward(ps, new NDList(pooled), training).singletonOrThrow());
        NDList dropped = dropout.forward(ps, new NDList(embedding), training);
        NDArray logits = classifier.forward(ps, dropped, training).singletonOrThrow();
        return new NDList(logits, embedding);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, CLASSES), new Shape(n, EMBEDDING)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        stemConv.initialize(manager, dataType, shape);
        shape = stemConv.getOutputShapes(new Shape[] {shape})[0];
        stemBn.initialize(manager, dataType, shape);
        for (ResidualBlock block : blocks) {
            block.initialize(manager, dataType, shape);
            shape = block.getOutputShapes(new Shape[] {shape})[0];
        }
        Shape flat = new Shape(shape.get(0), shape.get(1));
        dense.initialize(manager, dataType, flat);
        Shape hidden = new Shape(shape.get(0), EMBEDDING);
        dropout.initialize(manager, dataType, hidden);
        classifier.initialize(manager, dataType, hidden);
    }
}
