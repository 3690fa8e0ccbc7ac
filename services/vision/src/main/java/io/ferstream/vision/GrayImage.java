package io.ferstream.vision;

import java.util.Arrays;

/**
 * An immutable 8-bit grayscale image: {@code width × height} pixels, row-major, one unsigned byte
 * per pixel (FER2013 images are 48×48).
 *
 * <p>The pixel array is copied on the way in and on the way out, so no caller can change an image
 * after it is built. (The copy of a 48×48 image costs well under a microsecond.)
 */
public final class GrayImage {

    private final int width;
    private final int height;
    private final byte[] pixels;

    private GrayImage(int width, int height, byte[] pixels, boolean copy) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + width + "x" + height);
        }
        if (pixels == null) {
            throw new IllegalArgumentException("pixels must not be null");
        }
        if ((long) width * height != pixels.length) {
            throw new IllegalArgumentException(
                    "pixels has " + pixels.length + " bytes, expected " + width + "x" + height + " = "
                            + (long) width * height);
        }
        this.width = width;
        this.height = height;
        this.pixels = copy ? pixels.clone() : pixels;
    }

    /** An image over a copy of {@code pixels} (row-major, {@code width*height} bytes). */
    public static GrayImage of(int width, int height, byte[] pixels) {
        return new GrayImage(width, height, pixels, true);
    }

    /** Takes ownership of an array nobody else holds (used where this package made the array). */
    static GrayImage owning(int width, int height, byte[] pixels) {
        return new GrayImage(width, height, pixels, false);
    }

    /** An image where every pixel has the grey value {@code value} (0..255). */
    public static GrayImage filled(int width, int height, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("grey value must be in 0..255, got " + value);
        }
        byte[] p = new byte[Math.multiplyExact(Math.max(width, 0), Math.max(height, 0))];
        Arrays.fill(p, (byte) value);
        return new GrayImage(width, height, p, false);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of pixels, {@code width*height}. */
    public int size() {
        return pixels.length;
    }

    /** The grey value (0..255) at column {@code x}, row {@code y}. */
    public int get(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + "," + y + ") outside " + width + "x" + height);
        }
        return pixels[y * width + x] & 0xFF;
    }

    /** A copy of the pixels, row-major. */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** The backing array, for read-only use inside this package. */
    byte[] pixelsUnsafe() {
        return pixels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrayImage g
                && g.width == width
                && g.height == height
                && Arrays.equals(g.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "GrayImage[" + width + "x" + height + "]";
    }
}
