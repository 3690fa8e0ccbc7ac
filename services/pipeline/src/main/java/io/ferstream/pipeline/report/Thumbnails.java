package io.ferstream.pipeline.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;

/** Small PNG pictures of images for the report's galleries: gray, at most {@value #MAX_SIDE} pixels a side. */
final class Thumbnails {

    static final int MAX_SIDE = 96;

    private Thumbnails() {
    }

    /** The image as a PNG, or null when it holds no GRAY8 pixels of its stated size (the gallery then says so). */
    static byte[] png(FaceImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (image.getEncoding() != ImageEncoding.GRAY8 || width <= 0 || height <= 0
                || image.getPixels().remaining() != (long) width * height) {
            return null;
        }
        byte[] pixels = new byte[width * height];
        image.getPixels().duplicate().get(pixels);
        // Whole-pixel steps keep a 48×48 face sharp; a large image is sampled down to fit.
        int step = Math.max(1, (Math.max(width, height) + MAX_SIDE - 1) / MAX_SIDE);
        BufferedImage picture = new BufferedImage(width / step, height / step, BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = new byte[picture.getWidth() * picture.getHeight()];
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                target[y * picture.getWidth() + x] = pixels[y * step * width + x * step];
            }
        }
        picture.getRaster().setDataElements(0, 0, picture.getWidth(), picture.getHeight(), target);
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream(2048);
            ImageIO.write(picture, "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
