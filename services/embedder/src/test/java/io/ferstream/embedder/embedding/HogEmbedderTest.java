package io.ferstream.embedder.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class HogEmbedderTest {

    @Test
    void describesA48x48FaceWith900OrientationBins() {
        // 48x48 window, 16x16 blocks at stride 8: 5x5 blocks, 4 cells each, 9 bins: 900.
        try (HogEmbedder hog = new HogEmbedder()) {
            assertThat(hog.dimension()).isEqualTo(900);
            byte[] noise = new byte[48 * 48];
            new Random(1).nextBytes(noise);
            float[] a = hog.embed(48, 48, noise);
            assertThat(a).hasSize(900);
            assertThat(hog.embed(48, 48, noise)).as("deterministic").isEqualTo(a);
        }
    }

    @Test
    void aFlatImageHasNoGradientsSoAZeroDescriptor() {
        try (HogEmbedder hog = new HogEmbedder()) {
            float[] flat = hog.embed(48, 48, new byte[48 * 48]);
            for (float v : flat) {
                assertThat(v).isZero();
            }
        }
    }

    @Test
    void otherSizesAreResizedFirst() {
        try (HogEmbedder hog = new HogEmbedder()) {
            byte[] big = new byte[96 * 96];
            new Random(2).nextBytes(big);
            assertThat(hog.embed(96, 96, big)).hasSize(900);
        }
    }
}
