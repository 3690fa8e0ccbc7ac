package io.ferstream.vision.frames;

/** A frame that is not a usable image (too large, not an image, truncated); the message says which. */
public final class UnreadableFrameException extends RuntimeException {

    public UnreadableFrameException(String reason) {
        super(reason);
    }
}
