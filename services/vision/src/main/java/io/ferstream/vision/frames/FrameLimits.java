package io.ferstream.vision.frames;

/**
 * The largest live frame the classifier decodes: at most {@code maxBytes} bytes and {@code maxSide}
 * pixels on each side (4096×4096 grey is 16 MiB once decoded).
 */
public record FrameLimits(int maxBytes, int maxSide) {

    /** 8 MiB and 4096 px: far above a webcam frame, far below what would exhaust the heap. */
    public static final FrameLimits DEFAULT = new FrameLimits(8 << 20, 4096);

    public FrameLimits {
        if (maxBytes < 1 || maxSide < 1) {
            throw new IllegalArgumentException("frame limits must be positive, got " + maxBytes + " bytes, " + maxSide + " px");
        }
    }

    /** Refuses a size outside 1..maxSide per side; {@code what} says where the size came from. */
    public void check(String what, int width, int height) {
        if (width < 1 || height < 1) {
            throw new UnreadableFrameException(what + " size " + width + "x" + height + " is not positive");
        }
        if (width > maxSide || height > maxSide) {
            throw new UnreadableFrameException(what + " size " + width + "x" + height + " exceeds the limit of "
                    + maxSide + "x" + maxSide);
        }
    }
}
