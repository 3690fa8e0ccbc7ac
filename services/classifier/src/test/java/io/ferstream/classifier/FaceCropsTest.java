package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.ferstream.vision.FaceBox;
import io.ferstream.vision.GrayImage;
import org.junit.jupiter.api.Test;

class FaceCropsTest {

    /** Pixel value = x + 10·y, so every crop pixel says where it came from. */
    private static GrayImage coordinates() {
        byte[] p = new byte[20 * 10];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                p[y * 20 + x] = (byte) (x + 10 * y);
            }
        }
        return GrayImage.of(20, 10, p);
    }

    @Test
    void theSquareIsCentredOnTheBoxWithTheMarginOnEachSide() {
        assertThat(FaceCrops.square(new FaceBox(100, 50, 40, 40), 0.0)).isEqualTo(new FaceBox(100, 50, 40, 40));
        assertThat(FaceCrops.square(new FaceBox(100, 50, 40, 40), 0.25)).isEqualTo(new FaceBox(90, 40, 60, 60));
        // a tall box: the longer side decides, the square stays centred
        assertThat(FaceCrops.square(new FaceBox(100, 50, 20, 40), 0.0)).isEqualTo(new FaceBox(90, 50, 40, 40));
    }

    @Test
    void insideTheFrameTheCropIsACopyOfTheRegion() {
        GrayImage crop = FaceCrops.crops(coordinates(), List.of(new FaceBox(5, 2, 4, 4)), 0.0).get(0);
        assertThat(crop.width()).isEqualTo(4);
        assertThat(crop.get(0, 0)).isEqualTo(5 + 20);
        assertThat(crop.get(3, 3)).isEqualTo(8 + 50);
    }

    @Test
    void outsideTheFrameTheNearestEdgePixelIsRepeated() {
        GrayImage crop = FaceCrops.crops(coordinates(), List.of(new FaceBox(-2, -2, 4, 4)), 0.0).get(0);
        assertThat(crop.get(0, 0)).isEqualTo(0);         // (−2, −2) → (0, 0)
        assertThat(crop.get(3, 0)).isEqualTo(1);         // (1, −2) → (1, 0)
        assertThat(crop.get(3, 3)).isEqualTo(1 + 10);    // (1, 1)
        GrayImage corner = FaceCrops.crops(coordinates(), List.of(new FaceBox(18, 8, 4, 4)), 0.0).get(0);
        assertThat(corner.get(3, 3)).isEqualTo(19 + 90); // (21, 11) → (19, 9)
    }

    @Test
    void noFacesNoCrops() {
        assertThat(FaceCrops.crops(coordinates(), List.of(), 0.1)).isEmpty();
    }
}
