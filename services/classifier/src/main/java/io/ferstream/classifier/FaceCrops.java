package io.ferstream.classifier;

import java.util.ArrayList;
import java.util.List;

import io.ferstream.vision.FaceBox;
import io.ferstream.vision.GrayImage;

/**
 * The square around a detected face that the classifier sees: centred on the box, its side the box's
 * longer side plus {@code margin} of it on each side (FER2013's faces show some forehead and chin,
 * YuNet's boxes are tight). Parts outside the frame repeat the nearest edge pixel, as OpenCV's
 * {@code BORDER_REPLICATE} does, so a face at the border is not squashed. Pure and thread-safe.
 */
public final class FaceCrops {

    private FaceCrops() {
    }

    /** The square region, in frame coordinates (may reach outside the frame). */
    public static FaceBox square(FaceBox face, double margin) {
        int side = (int) Math.round(Math.max(face.w(), face.h()) * (1 + 2 * margin));
        int x = (int) Math.round(face.x() + face.w() / 2.0 - side / 2.0);
        int y = (int) Math.round(face.y() + face.h() / 2.0 - side / 2.0);
        return new FaceBox(x, y, side, side);
    }

    /** The pixels of each face's {@link #square} (edge-replicated outside the frame), in order. */
    public static List<GrayImage> crops(GrayImage frame, List<FaceBox> faces, double margin) {
        if (faces.isEmpty()) {
            return List.of();
        }
        byte[] source = frame.pixels();
        List<GrayImage> out = new ArrayList<>(faces.size());
        for (FaceBox face : faces) {
            out.add(crop(source, frame.width(), frame.height(), square(face, margin)));
        }
        return out;
    }

    private static GrayImage crop(byte[] source, int width, int height, FaceBox region) {
        int side = region.w();
        byte[] out = new byte[side * side];
        int lastX = width - 1;
        int lastY = height - 1;
        for (int row = 0; row < side; row++) {
            int sy = Math.min(Math.max(region.y() + row, 0), lastY) * width;
            int sx0 = region.x();
            if (sx0 >= 0 && sx0 + side - 1 <= lastX) {
                System.arraycopy(source, sy + sx0, out, row * side, side);
            } else {
                for (int col = 0; col < side; col++) {
                    out[row * side + col] = source[sy + Math.min(Math.max(sx0 + col, 0), lastX)];
                }
            }
        }
        return GrayImage.of(side, side, out);
    }
}
