package io.ferstream.classifier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.ferstream.vision.FaceBox;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.files.GrayImages;

/**
 * Composes 48×48 faces into 640×480 grey scenes at known places: 1, 2, 3, 1, 2, 3… faces per scene,
 * each enlarged to a square of {@code minSide..maxSide} px and pasted in its own third of the width
 * (so faces never overlap) at a random height. Pure and deterministic for a seed.
 */
public final class SceneComposer {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    /** Width of the column each face of a scene gets: a third of the scene. */
    private static final int COLUMN = WIDTH / 3;

    /** What lies behind the faces. */
    public enum Background {
        /** One flat grey (110). */
        PLAIN,
        /** Grey noise, uniform in 90..129: JPEG must spend bits on it and the detector sees texture. */
        NOISY
    }

    /** One face in a scene: which of the given faces (its index), and the square it was pasted into. */
    public record Placement(int face, FaceBox square) {

        /** A box given in the 48×48 face's pixels, in scene pixels. */
        public FaceBox map(FaceBox inFace, int faceSide) {
            double s = (double) square.w() / faceSide;
            return new FaceBox(square.x() + (int) Math.round(inFace.x() * s), square.y() + (int) Math.round(inFace.y() * s),
                    (int) Math.round(inFace.w() * s), (int) Math.round(inFace.h() * s));
        }
    }

    /** A composed scene and its faces, left to right. */
    public record Scene(GrayImage image, List<Placement> faces) {
    }

    private final Background background;
    private final int minSide;
    private final int maxSide;
    private final long seed;

    public SceneComposer(Background background, int minSide, int maxSide, long seed) {
        if (minSide < 1 || maxSide < minSide || maxSide > COLUMN || maxSide >= HEIGHT) {
            throw new IllegalArgumentException("face sides must be in 1.." + COLUMN + ", min <= max; got " + minSide + ".." + maxSide);
        }
        this.background = background;
        this.minSide = minSide;
        this.maxSide = maxSide;
        this.seed = seed;
    }

    /** Scenes holding every face of {@code faces} once, in order (the last scene holds fewer than its turn when the faces run out). */
    public List<Scene> compose(List<GrayImage> faces) {
        Random random = new Random(seed);
        List<Scene> scenes = new ArrayList<>();
        int next = 0;
        for (int s = 0; next < faces.size(); s++) {
            byte[] pixels = background(random);
            int count = Math.min(1 + s % 3, faces.size() - next);
            List<Placement> placed = new ArrayList<>(count);
            for (int k = 0; k < count; k++, next++) {
                int side = minSide + random.nextInt(maxSide - minSide + 1);
                int x = k * COLUMN + random.nextInt(COLUMN - side + 1);
                int y = random.nextInt(HEIGHT - side);
                GrayImage face = faces.get(next);
                byte[] big = GrayImages.resize(face.pixels(), face.width(), face.height(), side, side);
                for (int row = 0; row < side; row++) {
                    System.arraycopy(big, row * side, pixels, (y + row) * WIDTH + x, side);
                }
                placed.add(new Placement(next, new FaceBox(x, y, side, side)));
            }
            scenes.add(new Scene(GrayImage.of(WIDTH, HEIGHT, pixels), List.copyOf(placed)));
        }
        return scenes;
    }

    private byte[] background(Random random) {
        byte[] pixels = new byte[WIDTH * HEIGHT];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (background == Background.NOISY ? 90 + random.nextInt(40) : 110);
        }
        return pixels;
    }
}
