package io.ferstream.trainer.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferstream.trainer.training.DjlSetup;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SeedNetworkTest {

    @BeforeAll
    static void offline() {
        DjlSetup.offline();
    }

    @Test
    void hasTheOriginalParameterCountAndShapes() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SeedNetwork net = new SeedNetwork();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 48, 48));
            assertThat(net.parameterCount()).isEqualTo(SeedNetwork.PARAMETERS).isEqualTo(1_277_191);
            assertThat(net.trainableParameterCount()).isEqualTo(1_275_335);

            NDArray x = manager.randomUniform(0, 1, new Shape(3, 1, 48, 48));
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(3, 7));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(3, 256));
        }
    }

    @Test
    void initialisesLikeKeras() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SeedNetwork net = new SeedNetwork();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 48, 48));
            // he_normal on the 3x3 convs: std sqrt(2 / fan_in), fan_in = 128 * 9 for block256.conv2
            NDArray w = ((ResidualBlock) net.trunkBlocks().get(2)).conv2().getParameters().get("weight").getArray();
            assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / (256 * 9)), within(0.002));
            // glorot_uniform on the dense layer: limit sqrt(6 / (256 + 256)), std = limit / sqrt(3)
            NDArray d = net.dense().getParameters().get("weight").getArray();
            assertThat(std(d)).isCloseTo(Math.sqrt(6.0 / 512) / Math.sqrt(3), within(0.002));
            assertThat(net.dense().getParameters().get("bias").getArray().abs().max().getFloat()).isZero();
        }
    }

    private static double std(NDArray a) {
        float[] v = a.toFloatArray();
        double s = 0;
        double s2 = 0;
        for (float f : v) {
            s += f;
            s2 += f * f;
        }
        double m = s / v.length;
        return Math.sqrt(s2 / v.length - m * m);
    }
}
