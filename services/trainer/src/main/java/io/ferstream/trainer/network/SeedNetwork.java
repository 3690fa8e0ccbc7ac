package io.ferstream.trainer.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * The original ("seed") network, exactly: stem Conv 3×3 32 → BN → ReLU; residual blocks of 64,
 * 128 and 256 channels, each followed by a 2×2 max-pool ({@link ResidualBlock}); then the shared
 * head of {@link FerNetwork} (GAP → Dense 256 → ReLU → Dropout 0.5 → Dense 7). 1,277,191
 * parameters counted as Keras counts them (BN moving mean and variance included; 1,275,335 of
 * them trainable).
 *
 * <p>Batch norm uses Keras' settings (epsilon 1e-3, momentum 0.99); convolutions keep their bias
 * (Keras' default), also before BN.
 */
public final class SeedNetwork extends FerNetwork {

    public static final int STEM = 32;
    public static final List<Integer> BLOCKS = List.of(64, 128, 256);
    public static final float BN_EPSILON = 1e-3f;
    public static final float BN_MOMENTUM = 0.99f;
    /** Parameters as Keras' {@code model.summary()} printed them for the original. */
    public static final long PARAMETERS = 1_277_191;

    private static final byte VERSION = 1;

    public SeedNetwork() {
        super(VERSION, stemConv(), batchNorm(), BN_EPSILON, blocks());
    }

    private static Conv2d stemConv() {
        Conv2d conv = conv3x3(STEM);
        conv.setInitializer(HE_NORMAL, Parameter.Type.WEIGHT);
        return conv;
    }

    private static Map<String, TrunkBlock> blocks() {
        Map<String, TrunkBlock> blocks = new LinkedHashMap<>();
        BLOCKS.forEach(c -> blocks.put("block" + c, new ResidualBlock(c)));
        return blocks;
    }

    static Conv2d conv3x3(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
    }

    @Override
    public Architecture architecture() {
        return Architecture.SEED;
    }
}
