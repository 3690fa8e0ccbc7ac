package io.ferstream.pipeline;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A YUV4MPEG2 clip for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): 4:2:0
 * (the only subsampling it plays), grey pictures (chroma 128), the same picture in every frame.
 * Chromium reads Y as limited range, so grey g is written as 16 + g·219/255 to come back as g.
 */
final class Y4mClip {

    private Y4mClip() {
    }

    /** Writes {@code frames} copies of a grey {@code width}×{@code height} picture (row-major, 0..255) at 30 fps. */
    static Path write(Path file, int width, int height, byte[] grey, int frames) throws IOException {
        if (width % 2 != 0 || height % 2 != 0 || grey.length != width * height) {
            throw new IllegalArgumentException("4:2:0 needs even sides and width*height grey bytes");
        }
        byte[] luma = new byte[grey.length];
        for (int i = 0; i < grey.length; i++) {
            luma[i] = (byte) (16 + Math.round((grey[i] & 0xff) * 219 / 255.0));
        }
        byte[] chroma = new byte[(width / 2) * (height / 2)];
        Arrays.fill(chroma, (byte) 128);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F30:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            byte[] frameHeader = "FRAME\n".getBytes(StandardCharsets.US_ASCII);
            for (int f = 0; f < frames; f++) {
                out.write(frameHeader);
                out.write(luma);
                out.write(chroma);
                out.write(chroma);
            }
        }
        return file;
    }
}
