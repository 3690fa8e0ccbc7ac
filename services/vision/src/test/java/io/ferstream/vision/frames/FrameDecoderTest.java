package io.ferstream.vision.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.ferstream.vision.GrayImage;
import io.ferstream.vision.Mats;
import io.ferstream.vision.OpenCvLoader;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULT);

    /** A 64×48 gradient, so a wrong row or column order shows. */
    private static GrayImage gradient() {
        byte[] p = new byte[64 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                p[y * 64 + x] = (byte) (x * 3 + y);
            }
        }
        return GrayImage.of(64, 48, p);
    }

    static byte[] encode(GrayImage image, String extension) {
        OpenCvLoader.ensureLoaded();
        Mat m = Mats.put(image, null);
        MatOfByte out = new MatOfByte();
        Imgcodecs.imencode(extension, m, out);
        byte[] bytes = out.toArray();
        m.release();
        out.release();
        return bytes;
    }

    @Test
    void pngAndGray8DecodeExactlyAndJpegWithinAFewGreyLevels() {
        GrayImage image = gradient();
        assertThat(decoder.decode(FrameDecoder.Encoding.PNG, 64, 48, encode(image, ".png")).pixels()).isEqualTo(image.pixels());
        assertThat(decoder.decode(FrameDecoder.Encoding.GRAY8, 64, 48, image.pixels()).pixels()).isEqualTo(image.pixels());
        byte[] jpeg = decoder.decode(FrameDecoder.Encoding.JPEG, 64, 48, encode(image, ".jpg")).pixels();
        for (int i = 0; i < jpeg.length; i++) {
            assertThat(Math.abs((jpeg[i] & 0xFF) - (image.pixels()[i] & 0xFF))).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void headerSizesAreReadWithoutDecoding() {
        assertThat(FrameDecoder.jpegSize(encode(gradient(), ".jpg"))).containsExactly(64, 48);
        assertThat(FrameDecoder.pngSize(encode(gradient(), ".png"))).containsExactly(64, 48);
    }

    /** A PNG whose header declares 50000×50000 (2.5 gigapixels) is refused from its 33-byte header. */
    @Test
    void aPixelBombPngIsRefusedBeforeDecoding() {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.writeBytes(ByteBuffer.allocate(8).putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).array());
        png.writeBytes(ByteBuffer.allocate(13).putInt(50_000).putInt(50_000).put(new byte[] {8, 0, 0, 0, 0}).array());
        png.writeBytes(new byte[4]); // CRC, never read
        png.writeBytes(new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
        byte[] bomb = png.toByteArray();
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.PNG, 640, 480, bomb))
                .isInstanceOf(UnreadableFrameException.class)
                .hasMessage("PNG header size 50000x50000 exceeds the limit of 4096x4096");
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.PNG, 50_000, 50_000, bomb))
                .hasMessage("declared size 50000x50000 exceeds the limit of 4096x4096");
    }

    @Test
    void aTruncatedJpegOrPngIsRefused() {
        byte[] jpeg = encode(gradient(), ".jpg");
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.JPEG, 64, 48, Arrays.copyOf(jpeg, jpeg.length / 2)))
                .hasMessage("truncated JPEG (no EOI marker at the end)");
        byte[] png = encode(gradient(), ".png");
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.PNG, 64, 48, Arrays.copyOf(png, png.length - 20)))
                .hasMessage("truncated PNG (no IEND chunk at the end)");
    }

    @Test
    void bytesThatAreNotAnImageAreRefused() {
        byte[] text = "this is not an image at all".getBytes();
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.JPEG, 64, 48, text)).hasMessage("not a JPEG image (no SOI marker)");
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.PNG, 64, 48, text))
                .hasMessage("not a PNG image (no PNG signature and IHDR chunk)");
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.GRAY8, 64, 48, text))
                .hasMessage("GRAY8 frame of 64x48 needs 3072 bytes, got 27");
        byte[] soiAndEoiOnly = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.JPEG, 64, 48, soiAndEoiOnly))
                .isInstanceOf(UnreadableFrameException.class);
    }

    @Test
    void sizesThatDisagreeOrExceedTheByteLimitAreRefused() {
        byte[] jpeg = encode(gradient(), ".jpg");
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.JPEG, 640, 480, jpeg))
                .hasMessage("frame declares 640x480 but its JPEG header says 64x48");
        FrameDecoder small = new FrameDecoder(new FrameLimits(100, 4096));
        assertThatThrownBy(() -> small.decode(FrameDecoder.Encoding.JPEG, 64, 48, jpeg))
                .hasMessageContaining("more than the limit of 100");
        assertThatThrownBy(() -> decoder.decode(FrameDecoder.Encoding.GRAY8, 0, 48, new byte[0]))
                .hasMessage("declared size 0x48 is not positive");
    }
}
