package io.ferstream.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Codec checks against a second implementation (javax.imageio) and hand-computed resizes. */
class ImageCodecTest {

    private static GrayImage noise(int w, int h, long seed) {
        byte[] p = new byte[w * h];
        new Random(seed).nextBytes(p);
        return GrayImage.of(w, h, p);
    }

    private static BufferedImage toBuffered(GrayImage g) {
        BufferedImage bi = new BufferedImage(g.width(), g.height(), BufferedImage.TYPE_BYTE_GRAY);
        bi.getRaster().setDataElements(0, 0, g.width(), g.height(), g.pixels());
        return bi;
    }

    @Test
    void decodesPngWrittenByImageIo() throws IOException {
        GrayImage g = noise(48, 48, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(toBuffered(g), "png", out);
        assertThat(ImageCodec.decodeGray(out.toByteArray())).isEqualTo(g);
    }

    @Test
    void encodesPngThatImageIoReadsBack() throws IOException {
        GrayImage g = noise(31, 17, 2);
        BufferedImage bi = ImageIO.read(new ByteArrayInputStream(ImageCodec.encodePng(g)));
        byte[] p = new byte[31 * 17];
        bi.getRaster().getDataElements(0, 0, 31, 17, p);
        assertThat(GrayImage.of(31, 17, p)).isEqualTo(g);
    }

    @Test
    void decodesColourJpegToLuma() throws IOException {
        // Pure red: luma = 0.299*255 = 76.2; JPEG's chroma rounding moves it by a few levels.
        BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                rgb.setRGB(x, y, 0xFF0000);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpg", out);
        GrayImage g = ImageCodec.decodeGray(out.toByteArray());
        assertThat(g.width()).isEqualTo(16);
        assertThat(PixelStats.mean(g)).isBetween(72.0, 80.0);
    }

    @Test
    void rejectsBytesThatAreNoImage() {
        assertThatThrownBy(() -> ImageCodec.decodeGray(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could not decode");
        assertThatThrownBy(() -> ImageCodec.decodeGray(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void downscaleAveragesPixelAreas() {
        // 96x96 with p(x,y) = (x odd ? 100 : 0) + (y odd ? 20 : 0): every 2x2 block holds
        // 0, 100, 20, 120, whose mean is 60, so INTER_AREA to 48x48 gives 60 everywhere
        // (bilinear or nearest would pick single pixels instead).
        byte[] p = new byte[96 * 96];
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                p[y * 96 + x] = (byte) ((x % 2) * 100 + (y % 2) * 20);
            }
        }
        assertThat(ImageCodec.toFerSize(GrayImage.of(96, 96, p))).isEqualTo(GrayImage.filled(48, 48, 60));
    }

    @Test
    void upscaleAndSameSize() {
        GrayImage g = noise(48, 48, 3);
        assertThat(ImageCodec.toFerSize(g)).isSameAs(g);
        GrayImage big = ImageCodec.resize(GrayImage.filled(24, 24, 77), 48, 48);
        assertThat(big).isEqualTo(GrayImage.filled(48, 48, 77));
        assertThatThrownBy(() -> ImageCodec.resize(g, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
