package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.vision.DetectorAvailability;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.FaceDetector;
import io.ferstream.vision.Fer2013;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.files.GrayImages;

/**
 * 640×480 grey scenes with one real FER2013 face each: a VALIDATION face that YuNet finds in the 48×48
 * image, enlarged to 140–180 px and pasted at a random place over noise; {@code face} is where YuNet's box
 * on the small image lands in the scene.
 */
final class FaceScenes {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    record Scene(byte[] gray, FaceBox face) {
        byte[] jpeg() {
            return TestImages.encoded("jpg", WIDTH, HEIGHT, gray);
        }

        byte[] png() {
            return TestImages.encoded("png", WIDTH, HEIGHT, gray);
        }
    }

    private FaceScenes() {
    }

    static List<Scene> make(int n) {
        Random random = new Random(11);
        List<Scene> scenes = new ArrayList<>();
        try (FaceDetector detector = ((DetectorAvailability.Available) YuNetDetector.shipped()).detector()) {
            for (Fer2013.Row row : Fer2013.read(Fer2013.csvOrSkip(), "PublicTest"::equals, 4 * n)) {
                List<FaceBox> boxes = detector.detect(row.image());
                if (boxes.size() == 1 && scenes.size() < n) {
                    scenes.add(scene(row.image(), boxes.get(0), random));
                }
            }
        }
        assertThat(scenes).hasSize(n);
        return scenes;
    }

    private static Scene scene(GrayImage face, FaceBox small, Random random) {
        byte[] scene = new byte[WIDTH * HEIGHT];
        for (int i = 0; i < scene.length; i++) {
            scene[i] = (byte) (90 + random.nextInt(40));
        }
        int side = 140 + random.nextInt(41);
        int x = random.nextInt(WIDTH - side);
        int y = random.nextInt(HEIGHT - side);
        byte[] big = GrayImages.resize(face.pixels(), 48, 48, side, side);
        for (int row = 0; row < side; row++) {
            System.arraycopy(big, row * side, scene, (y + row) * WIDTH + x, side);
        }
        double s = side / 48.0;
        return new Scene(scene, new FaceBox(x + (int) Math.round(small.x() * s), y + (int) Math.round(small.y() * s),
                (int) Math.round(small.w() * s), (int) Math.round(small.h() * s)));
    }
}
