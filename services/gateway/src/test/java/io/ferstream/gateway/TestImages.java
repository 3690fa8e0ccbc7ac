package io.ferstream.gateway;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import javax.imageio.ImageIO;

/** Small images made here: real JPEG and PNG files, and a PNG that only declares a huge size. */
final class TestImages {

    private TestImages() {
    }

    static byte[] encoded(String format, int width, int height) {
        byte[] gray = new byte[width * height];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) (i % width * 7 + i / width * 3);
        }
        return encoded(format, width, height, gray);
    }

    /** Grey pixels, row by row, as a "jpg" or "png" file. */
    static byte[] encoded(String format, int width, int height, byte[] gray) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, width, height, gray);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A 45-byte PNG: signature, an IHDR declaring {@code width}×{@code height}, IEND. Decoding it would need gigabytes. */
    static byte[] pngDeclaring(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(45);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0}).putInt(0);
        png.putInt(0).put(new byte[] {'I', 'E', 'N', 'D'}).putInt(0xAE426082);
        return png.array();
    }
}
