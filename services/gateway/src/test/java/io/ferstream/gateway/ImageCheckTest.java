package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.ferstream.vision.frames.FrameDecoder;
import io.ferstream.vision.frames.FrameLimits;
import org.junit.jupiter.api.Test;

class ImageCheckTest {

    private final ImageCheck check = new ImageCheck(new FrameLimits(100_000, 4096));

    @Test
    void jpegAndPngAreKnownByTheirBytesWithTheSizeInTheirHeader() throws Exception {
        assertThat(check.check(TestImages.encoded("jpg", 64, 48))).isEqualTo(new ImageCheck.Accepted(FrameDecoder.Encoding.JPEG, 64, 48));
        assertThat(check.check(TestImages.encoded("png", 30, 20))).isEqualTo(new ImageCheck.Accepted(FrameDecoder.Encoding.PNG, 30, 20));
    }

    @Test
    void textIsNotAnImageWhateverItsName() {
        assertThatThrownBy(() -> check.check("hello, I am a .jpg".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ImageCheck.Refused.class, r -> assertThat(r.code()).isEqualTo("not_an_image"))
                .hasMessage("This is not a JPEG or PNG image.");
    }

    @Test
    void aPixelBombIsRefusedFromItsHeader() {
        assertThatThrownBy(() -> check.check(TestImages.pngDeclaring(50_000, 50_000)))
                .isInstanceOfSatisfying(ImageCheck.Refused.class, r -> assertThat(r.code()).isEqualTo("too_many_pixels"))
                .hasMessage("The image size 50000x50000 exceeds the limit of 4096x4096.");
    }

    @Test
    void tooManyBytesAreRefusedBeforeAnythingElse() {
        byte[] big = Arrays.copyOf(TestImages.encoded("png", 8, 8), 100_001);
        assertThatThrownBy(() -> check.check(big))
                .isInstanceOfSatisfying(ImageCheck.Refused.class, r -> assertThat(r.code()).isEqualTo("too_large"))
                .hasMessage("The image has 100001 bytes; the limit is 100000.");
    }

    @Test
    void aTruncatedJpegIsUnreadable() {
        byte[] jpeg = TestImages.encoded("jpg", 64, 48);
        assertThatThrownBy(() -> check.check(Arrays.copyOf(jpeg, jpeg.length / 2)))
                .isInstanceOfSatisfying(ImageCheck.Refused.class, r -> assertThat(r.code()).isEqualTo("unreadable"))
                .hasMessageContaining("truncated JPEG");
    }
}
