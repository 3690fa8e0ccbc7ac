package io.ferstream.vision;

import java.util.Comparator;

/**
 * A face rectangle in the coordinates of the image that was given to the detector: top-left
 * corner {@code (x, y)}, size {@code w × h}, all in pixels.
 */
public record FaceBox(int x, int y, int w, int h) {

    /** The order detectors report faces in: largest first, then top to bottom, left to right. */
    public static final Comparator<FaceBox> LARGEST_FIRST = Comparator.comparingLong(FaceBox::area).reversed()
            .thenComparingInt(FaceBox::y).thenComparingInt(FaceBox::x);

    public FaceBox {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("face box must have a positive size, got " + w + "x" + h);
        }
    }

    /** {@code w·h}. */
    public long area() {
        return (long) w * h;
    }

    /** Share of an image of {@code width × height} this box covers, {@code w·h / (width·height)}. */
    public double areaRatio(int width, int height) {
        return (double) area() / ((long) width * height);
    }

    /** Intersection over union with {@code other}: 1 for the same box, 0 when they do not overlap. */
    public double iou(FaceBox other) {
        long iw = Math.max(0, Math.min(x + w, other.x + other.w) - Math.max(x, other.x));
        long ih = Math.max(0, Math.min(y + h, other.y + other.h) - Math.max(y, other.y));
        long intersection = iw * ih;
        return (double) intersection / (area() + other.area() - intersection);
    }

    /** Whether the box lies entirely inside an image of {@code width × height}. */
    public boolean inside(int width, int height) {
        return x >= 0 && y >= 0 && x + w <= width && y + h <= height;
    }

    /**
     * This box moved by {@code (-dx, -dy)} and clipped to {@code [0,width)×[0,height)}; {@code null}
     * when nothing of it is left inside.
     */
    public FaceBox shiftAndClip(int dx, int dy, int width, int height) {
        int x0 = Math.max(x - dx, 0);
        int y0 = Math.max(y - dy, 0);
        int x1 = Math.min(x - dx + w, width);
        int y1 = Math.min(y - dy + h, height);
        return x1 > x0 && y1 > y0 ? new FaceBox(x0, y0, x1 - x0, y1 - y0) : null;
    }
}
