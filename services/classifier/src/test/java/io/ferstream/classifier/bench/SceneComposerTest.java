package io.ferstream.classifier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.ferstream.vision.FaceBox;
import io.ferstream.vision.GrayImage;
import org.junit.jupiter.api.Test;

class SceneComposerTest {

    private static List<GrayImage> faces(int n) {
        List<GrayImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] pixels = new byte[48 * 48];
            java.util.Arrays.fill(pixels, (byte) (200 + i));
            out.add(GrayImage.of(48, 48, pixels));
        }
        return out;
    }

    @Test
    void everyFaceIsPlacedOnceOneToThreeASceneWithoutOverlapInsideTheScene() {
        List<SceneComposer.Scene> scenes = new SceneComposer(SceneComposer.Background.NOISY, 120, 160, 7).compose(faces(8));

        assertThat(scenes).extracting(s -> s.faces().size()).containsExactly(1, 2, 3, 1, 1);
        assertThat(scenes.stream().flatMap(s -> s.faces().stream()).map(SceneComposer.Placement::face))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        for (SceneComposer.Scene scene : scenes) {
            assertThat(scene.image().width()).isEqualTo(640);
            assertThat(scene.image().height()).isEqualTo(480);
            List<FaceBox> squares = scene.faces().stream().map(SceneComposer.Placement::square).toList();
            for (int a = 0; a < squares.size(); a++) {
                FaceBox box = squares.get(a);
                assertThat(box.inside(640, 480)).isTrue();
                assertThat(box.w()).isEqualTo(box.h()).isBetween(120, 160);
                for (int b = a + 1; b < squares.size(); b++) {
                    assertThat(box.iou(squares.get(b))).isZero();
                }
            }
        }
    }

    @Test
    void theFacePixelsAreWhereThePlacementSays() {
        SceneComposer.Scene scene = new SceneComposer(SceneComposer.Background.PLAIN, 96, 96, 1).compose(faces(1)).get(0);
        FaceBox square = scene.faces().get(0).square();
        byte[] pixels = scene.image().pixels();

        assertThat(pixels[(square.y() + 50) * 640 + square.x() + 50] & 0xff).isEqualTo(200);
        assertThat(pixels[0] & 0xff).isEqualTo(square.x() == 0 && square.y() == 0 ? 200 : 110);
    }

    @Test
    void aBoxInTheFaceMapsIntoTheSceneByTheEnlargement() {
        SceneComposer.Placement placement = new SceneComposer.Placement(0, new FaceBox(100, 50, 144, 144));

        assertThat(placement.map(new FaceBox(8, 4, 32, 40), 48)).isEqualTo(new FaceBox(124, 62, 96, 120));
    }

    @Test
    void theSameSeedGivesTheSameScenes() {
        SceneComposer composer = new SceneComposer(SceneComposer.Background.NOISY, 120, 160, 3);

        assertThat(composer.compose(faces(3)).get(1).image().pixels()).isEqualTo(composer.compose(faces(3)).get(1).image().pixels());
    }
}
