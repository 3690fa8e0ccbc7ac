package io.ferstream.trainer.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * A small ResNet for 48×48 faces, built to train faster than the {@link SeedNetwork} on a CPU:
 * stem Conv 3×3 32 → BN → ReLU at 48×48, then three stages of two {@link BasicBlock}s, 64 channels
 * at 24×24, 128 at 12×12 and 256 at 6×6 (the first block of each stage strides 2), then the shared
 * head of {@link FerNetwork}. It is ResNet-18's layout with three stages instead of four.
 *
 * <p>The seed network runs its first 64-channel block at the full 48×48; this one starts strided, so
 * it costs about 227 M multiply-adds per image against the seed's 396 M, with twice the depth.
 * BN has PyTorch's defaults (epsilon 1e-5, momentum 0.9); convolutions have no bias.
 */
public class ResNetwork extends FerNetwork {

    public static final int STEM = 32;
    /** Channels of each stage; each stage is two blocks, the first strided. */
    public static final List<Integer> STAGES = List.of(64, 128, 256);
    public static final int BLOCKS_PER_STAGE = 2;
    public static final float BN_EPSILON = 1e-5f;
    public static final float BN_MOMENTUM = 0.9f;

    private static final byte VERSION = 1;

    public ResNetwork() {
        this(VERSION, STEM, STAGES);
    }

    /** The same layout with other widths (the stem's channels, then each stage's). */
    protected ResNetwork(byte version, int stem, List<Integer> stages) {
        super(version, conv(stem, 3, 1), batchNorm(), BN_EPSILON, blocks(stages));
    }

    private static Map<String, TrunkBlock> blocks(List<Integer> stages) {
        Map<String, TrunkBlock> blocks = new LinkedHashMap<>();
        for (int channels : stages) {
            for (int b = 0; b < BLOCKS_PER_STAGE; b++) {
                // The first block of a stage halves the size and changes the channels: its shortcut projects.
                boolean first = b == 0;
                blocks.put("stage" + channels + "_" + (b + 1), new BasicBlock(channels, first ? 2 : 1, first));
            }
        }
        return blocks;
    }

    /** A bias-free convolution (BN follows) with "same" padding, He-normal initialised. */
    static Conv2d conv(int filters, int kernel, int stride) {
        Conv2d c = Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters(filters).optBias(false).build();
        c.setInitializer(HE_NORMAL, Parameter.Type.WEIGHT);
        return c;
    }

    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
    }

    @Override
    public Architecture architecture() {
        return Architecture.RESNET;
    }
}
