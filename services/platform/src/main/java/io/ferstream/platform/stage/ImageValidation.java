package io.ferstream.platform.stage;

import java.nio.ByteBuffer;

import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;

/** The shape every stage after the fetcher expects: GRAY8 pixels, exactly width × height of them. */
public final class ImageValidation {

    private ImageValidation() {
    }

    /** Why an image cannot be processed at all, or null when it can. */
    public static String invalidReason(FaceImage image) {
        if (image.getEncoding() != ImageEncoding.GRAY8) {
            return "encoding " + image.getEncoding() + " not supported by the filter stages (the fetcher converts to GRAY8)";
        }
        if (image.getWidth() <= 0 || image.getHeight() <= 0) {
            return "invalid size " + image.getWidth() + "x" + image.getHeight();
        }
        int expected = image.getWidth() * image.getHeight();
        if (image.getPixels().remaining() != expected) {
            return "corrupt pixels: " + image.getPixels().remaining() + " bytes for " + image.getWidth() + "x"
                    + image.getHeight() + " GRAY8 (expected " + expected + ")";
        }
        return null;
    }

    /** A copy of the image's pixels (the buffer itself is left untouched). */
    public static byte[] pixels(FaceImage image) {
        ByteBuffer buffer = image.getPixels().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
