package io.ferstream.trainer.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.trainer.training.DjlSetup;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResNetworkTest {

    @BeforeAll
    static void offline() {
        DjlSetup.offline();
    }

    @Test
    void hasTheDocumentedLayout() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ResNetwork net = new ResNetwork();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 48, 48));
            // stem 288 + 128; stage 64: 58,112 + 74,240; stage 128: 230,912 + 295,936; stage 256: 920,576 + 1,181,696;
            // head 65,792 + 1,799
            assertThat(net.parameterCount()).isEqualTo(2_829_479);
            // less the BN running mean and variance of 2,272 channels
            assertThat(net.trainableParameterCount()).isEqualTo(2_829_479 - 2 * 2_272);
            List<BasicBlock> blocks = blocks(net);
            assertThat(blocks).extracting(BasicBlock::channels).containsExactly(64, 64, 128, 128, 256, 256);
            assertThat(blocks).extracting(BasicBlock::stride).containsExactly(2, 1, 2, 1, 2, 1);

            Shape shape = new Shape(3, ResNetwork.STEM, 48, 48);
            for (BasicBlock block : blocks) {
                shape = block.getOutputShapes(new Shape[] {shape})[0];
            }
            assertThat(shape).isEqualTo(new Shape(3, 256, 6, 6));

            NDArray x = manager.randomUniform(0, 1, new Shape(3, 1, 48, 48));
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(3, 7));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(3, 256));
        }
    }

    private static List<BasicBlock> blocks(ResNetwork net) {
        return net.trunkBlocks().stream().map(BasicBlock.class::cast).toList();
    }
}
