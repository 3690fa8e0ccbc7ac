package io.ferstream.trainer.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A ResNet basic block: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}. {@code conv1}
 * is 3×3 with the block's stride, {@code conv2} 3×3; the shortcut is the identity, or a strided 1×1
 * convolution with BN where the block changes the shape. Convolutions have no bias (BN follows
 * each).
 *
 * <p>{@code bn2}'s scale starts at one, not at zero as in the "zero-init residual" trick: with Adam
 * the scales grow by about the learning rate per step, and on FER2013 the trick left the loss
 * 0.19 higher after 200 steps at 1e-3 (1.79 against 1.60).
 */
public final class BasicBlock extends TrunkBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int stride;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d projection;
    private final BatchNorm projectionBn;

    /**
     * @param project whether the shortcut needs a projection (the input's channels or size differ
     *     from the output's)
     */
    public BasicBlock(int channels, int stride, boolean project) {
        super(VERSION);
        this.channels = channels;
        this.stride = stride;
        conv1 = addChildBlock("conv1", ResNetwork.conv(channels, 3, stride));
        bn1 = addChildBlock("bn1", ResNetwork.batchNorm());
        conv2 = addChildBlock("conv2", ResNetwork.conv(channels, 3, 1));
        bn2 = addChildBlock("bn2", ResNetwork.batchNorm());
        if (project) {
            projection = addChildBlock("projection", ResNetwork.conv(channels, 1, stride));
            projectionBn = addChildBlock("projection_bn", ResNetwork.batchNorm());
        } else {
            projection = null;
            projectionBn = null;
        }
    }

    public int channels() {
        return channels;
    }

    public int stride() {
        return stride;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = bn1.forward(ps, conv1.forward(ps, inputs, training), training);
        y = new NDList(Activation.relu(y.singletonOrThrow()));
        NDArray main = bn2.forward(ps, conv2.forward(ps, y, training), training).singletonOrThrow();
        NDArray shortcut = projection == null
                ? inputs.singletonOrThrow()
                : projectionBn.forward(ps, projection.forward(ps, inputs, training), training).singletonOrThrow();
        return new NDList(Activation.relu(main.add(shortcut)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), channels, (in.get(2) + stride - 1) / stride, (in.get(3) + stride - 1) / stride)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        conv1.initialize(manager, dataType, in);
        Shape mid = conv1.getOutputShapes(new Shape[] {in})[0];
        bn1.initialize(manager, dataType, mid);
        conv2.initialize(manager, dataType, mid);
        bn2.initialize(manager, dataType, mid);
        if (projection != null) {
            projection.initialize(manager, dataType, in);
            projectionBn.initialize(manager, dataType, projection.getOutputShapes(new Shape[] {in})[0]);
        }
    }

    @Override
    String write(OnnxWriter onnx, String name, String input) {
        String y = onnx.batchNorm(name + "_bn1", onnx.conv(name + "_conv1", input, conv1), bn1, ResNetwork.BN_EPSILON);
        y = onnx.relu(name + "_relu1", y);
        y = onnx.batchNorm(name + "_bn2", onnx.conv(name + "_conv2", y, conv2), bn2, ResNetwork.BN_EPSILON);
        String shortcut = projection == null
                ? input
                : onnx.batchNorm(name + "_projection_bn", onnx.conv(name + "_projection", input, projection), projectionBn,
                        ResNetwork.BN_EPSILON);
        return onnx.relu(name + "_relu2", onnx.add(name + "_add", y, shortcut));
    }
}
