package io.ferstream.gateway;

import io.ferstream.vision.frames.FrameDecoder;
import io.ferstream.vision.frames.FrameLimits;
import io.ferstream.vision.frames.UnreadableFrameException;

/**
 * What the gateway checks of an image before it goes to {@code fer.frames}, without decoding it: the
 * byte count, the type by its magic bytes (never by its name), and the width and height in its own
 * header against the side limit (so a PNG declaring 50000×50000 costs a 33-byte read). Decoding is the
 * classifier's; it checks again.
 */
final class ImageCheck {

    /** An image accepted for classification. */
    record Accepted(FrameDecoder.Encoding encoding, int width, int height) {
    }

    /** Why an image is refused: a code for programs, a sentence for people. */
    static final class Refused extends Exception {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final FrameLimits limits;

    ImageCheck(FrameLimits limits) {
        this.limits = limits;
    }

    Accepted check(byte[] bytes) throws Refused {
        if (bytes.length > limits.maxBytes()) {
            throw new Refused("too_large", "The image has " + bytes.length + " bytes; the limit is " + limits.maxBytes() + ".");
        }
        FrameDecoder.Encoding encoding = startsWith(bytes, JPEG_MAGIC) ? FrameDecoder.Encoding.JPEG
                : startsWith(bytes, PNG_MAGIC) ? FrameDecoder.Encoding.PNG : null;
        if (encoding == null) {
            throw new Refused("not_an_image", "This is not a JPEG or PNG image.");
        }
        int[] size;
        try {
            size = FrameDecoder.headerSize(encoding, bytes);
        } catch (UnreadableFrameException e) {
            throw new Refused("unreadable", "The image cannot be read: " + e.getMessage() + ".");
        }
        try {
            limits.check("image", size[0], size[1]);
        } catch (UnreadableFrameException e) {
            throw new Refused("too_many_pixels", "The " + e.getMessage() + ".");
        }
        return new Accepted(encoding, size[0], size[1]);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
