package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.ferstream.vision.FaceBox;
import org.junit.jupiter.api.Test;

class FaceMatchingTest {

    @Test
    void eachKnownFaceGetsTheDetectionOverlappingItMostAndNoDetectionIsUsedTwice() {
        List<FaceBox> known = List.of(new FaceBox(0, 0, 100, 100), new FaceBox(300, 0, 100, 100), new FaceBox(0, 300, 100, 100));
        List<FaceBox> detected = List.of(new FaceBox(310, 10, 90, 90), new FaceBox(5, 5, 95, 95), new FaceBox(2, 2, 96, 96),
                new FaceBox(150, 150, 20, 20));

        assertThat(FaceMatching.match(known, detected, 0.5)).containsExactly(2, 0, -1);
    }

    @Test
    void aDetectionBelowTheIouIsNoMatch() {
        assertThat(FaceMatching.match(List.of(new FaceBox(0, 0, 100, 100)), List.of(new FaceBox(50, 0, 100, 100)), 0.5))
                .containsExactly(-1);
        assertThat(FaceMatching.match(List.of(new FaceBox(0, 0, 100, 100)), List.of(), 0.5)).containsExactly(-1);
    }
}
