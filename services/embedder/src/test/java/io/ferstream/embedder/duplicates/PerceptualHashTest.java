package io.ferstream.embedder.duplicates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

public class PerceptualHashTest {

    /** A smooth random picture (a few random blobs), like a face's low frequencies, not white noise. */
    public static byte[] picture(long seed, int width, int height) {
        Random random = new Random(seed);
        double[][] blobs = new double[6][4];
        for (double[] blob : blobs) {
            blob[0] = random.nextDouble();
            blob[1] = random.nextDouble();
            blob[2] = 0.05 + 0.2 * random.nextDouble();
            blob[3] = random.nextDouble() * 2 - 1;
        }
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 128;
                for (double[] blob : blobs) {
                    double dx = (double) x / width - blob[0];
                    double dy = (double) y / height - blob[1];
                    v += 100 * blob[3] * Math.exp(-(dx * dx + dy * dy) / (2 * blob[2] * blob[2]));
                }
                pixels[y * width + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return pixels;
    }

    @Test
    void samePictureSameHashWithHalfTheBitsSet() {
        byte[] pixels = picture(1, 48, 48);
        long hash = PerceptualHash.of(48, 48, pixels);
        assertThat(PerceptualHash.of(48, 48, pixels.clone())).isEqualTo(hash);
        assertThat(Long.bitCount(hash)).isEqualTo(31);
        assertThat(hash >>> PerceptualHash.BITS).as("only 63 bits are used").isZero();
    }

    @Test
    void brightnessNoiseAndScaleMoveTheHashLittle() {
        byte[] pixels = picture(2, 48, 48);
        long hash = PerceptualHash.of(48, 48, pixels);
        Random random = new Random(3);
        byte[] brighterNoisy = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int v = (pixels[i] & 0xFF) + 12 + random.nextInt(5) - 2;
            brighterNoisy[i] = (byte) Math.min(255, Math.max(0, v));
        }
        byte[] twiceAsLarge = new byte[96 * 96];
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                twiceAsLarge[y * 96 + x] = pixels[(y / 2) * 48 + x / 2];
            }
        }
        assertThat(PerceptualHash.distance(hash, PerceptualHash.of(48, 48, brighterNoisy))).isLessThanOrEqualTo(4);
        assertThat(PerceptualHash.distance(hash, PerceptualHash.of(96, 96, twiceAsLarge))).isLessThanOrEqualTo(4);
    }

    @Test
    void differentPicturesAreFarApart() {
        long[] hashes = new long[20];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = PerceptualHash.of(48, 48, picture(100 + i, 48, 48));
        }
        for (int i = 0; i < hashes.length; i++) {
            for (int j = i + 1; j < hashes.length; j++) {
                assertThat(PerceptualHash.distance(hashes[i], hashes[j])).as("pictures %d and %d", i, j).isGreaterThan(8);
            }
        }
    }

    @Test
    void aMirroredFaceIsAnotherPicture() {
        byte[] pixels = picture(4, 48, 48);
        byte[] mirrored = new byte[pixels.length];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                mirrored[y * 48 + x] = pixels[y * 48 + 47 - x];
            }
        }
        assertThat(PerceptualHash.distance(PerceptualHash.of(48, 48, pixels), PerceptualHash.of(48, 48, mirrored)))
                .isGreaterThan(DuplicateRule.DEFAULT_MAX_DISTANCE);
    }

    @Test
    void aUniformImageHashesToZero() {
        byte[] gray = new byte[48 * 48];
        Arrays.fill(gray, (byte) 90);
        assertThat(PerceptualHash.of(48, 48, gray)).isZero();
    }

    @Test
    void refusesImagesSmallerThanTheBlockOrOfTheWrongLength() {
        assertThatThrownBy(() -> PerceptualHash.of(4, 4, new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 8x8");
        assertThatThrownBy(() -> PerceptualHash.of(48, 48, new byte[100])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactDigestSeesOnePixelAndTheShape() {
        byte[] pixels = picture(5, 48, 48);
        long[] digest = PerceptualHash.exactDigest(48, 48, pixels);
        assertThat(PerceptualHash.exactDigest(48, 48, pixels.clone())).containsExactly(digest);
        byte[] changed = pixels.clone();
        changed[1000] ^= 1;
        assertThat(PerceptualHash.exactDigest(48, 48, changed)).isNotEqualTo(digest);
        assertThat(PerceptualHash.exactDigest(24, 96, pixels)).isNotEqualTo(digest);
    }
}
