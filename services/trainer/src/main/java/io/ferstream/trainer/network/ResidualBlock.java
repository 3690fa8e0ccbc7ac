package io.ferstream.trainer.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One residual block of the seed network, followed by its max-pool:
 * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}, then max-pool 2×2 (stride 2).
 *
 * <p>The convolutions are 3×3 with "same" padding and a bias (Keras' default, kept even before BN);
 * the shortcut is a bare 1×1 convolution with a bias (no BN), as in the original, because every
 * block changes the channel count.
 */
public final class ResidualBlock extends TrunkBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d shortcut;

    public ResidualBlock(int channels) {
        super(VERSION);
        this.channels = channels;
        conv1 = addChildBlock("conv1", SeedNetwork.conv3x3(channels));
        bn1 = addChildBlock("bn1", SeedNetwork.batchNorm());
        conv2 = addChildBlock("conv2", SeedNetwork.conv3x3(channels));
        bn2 = addChildBlock("bn2", SeedNetwork.batchNorm());
        shortcut = addChildBlock("shortcut", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(channels).build());
        // Keras: he_normal for the 3×3 convolutions, glorot_uniform (its default) for the 1×1 shortcut.
        conv1.setInitializer(FerNetwork.HE_NORMAL, Parameter.Type.WEIGHT);
        conv2.setInitializer(FerNetwork.HE_NORMAL, Parameter.Type.WEIGHT);
        shortcut.setInitializer(FerNetwork.GLOROT_UNIFORM, Parameter.Type.WEIGHT);
    }

    public Conv2d conv2() {
        return conv2;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        NDList y = conv1.forward(ps, x, training);
        y = new NDList(Activation.relu(bn1.forward(ps, y, training).singletonOrThrow()));
        y = bn2.forward(ps, conv2.forward(ps, y, training), training);
        NDArray s = shortcut.forward(ps, x, training).singletonOrThrow();
        NDArray sum = Activation.relu(y.singletonOrThrow().add(s));
        return new NDList(Pool.maxPool2d(sum, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false));
    }

    @Override
    String write(OnnxWriter onnx, String name, String input) {
        String y = onnx.relu(name + "_relu1", onnx.batchNorm(name + "_bn1", onnx.conv(name + "_conv1", input, conv1), bn1,
                SeedNetwork.BN_EPSILON));
        y = onnx.batchNorm(name + "_bn2", onnx.conv(name + "_conv2", y, conv2), bn2, SeedNetwork.BN_EPSILON);
        String s = onnx.conv(name + "_shortcut", input, shortcut);
        return onnx.maxPool2(name + "_pool", onnx.relu(name + "_relu2", onnx.add(name + "_add", y, s)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), channels, in.get(2) / 2, in.get(3) / 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        conv1.initialize(manager, dataType, in);
        Shape mid = conv1.getOutputShapes(new Shape[] {in})[0];
        bn1.initialize(manager, dataType, mid);
        conv2.initialize(manager, dataType, mid);
        bn2.initialize(manager, dataType, mid);
        shortcut.initialize(manager, dataType, in);
    }
}
