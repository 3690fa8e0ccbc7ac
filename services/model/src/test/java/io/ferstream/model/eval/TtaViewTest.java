package io.ferstream.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;

import org.junit.jupiter.api.Test;

class TtaViewTest {

    // 3×3, row by row: 1 2 3 / 4 5 6 / 7 8 9
    private static final byte[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void theOriginalIsACopyAndTheMirrorReversesEachRow() {
        assertThat(TtaView.ORIGINAL.of(IMAGE, 3)).containsExactly(IMAGE).isNotSameAs(IMAGE);
        assertThat(new TtaView(true, 0, 0).of(IMAGE, 3)).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
    }

    @Test
    void aShiftMovesTheImageAndFillsWithBlack() {
        // one right, one down: the first row and column come from outside
        assertThat(new TtaView(false, 1, 1).of(IMAGE, 3)).containsExactly(0, 0, 0, 0, 1, 2, 0, 4, 5);
        assertThat(new TtaView(false, -1, 0).of(IMAGE, 3)).containsExactly(2, 3, 0, 5, 6, 0, 8, 9, 0);
    }

    @Test
    void aMirroredViewIsShiftedAfterMirroring() {
        // mirror (3 2 1 / 6 5 4 / 9 8 7), then one right
        assertThat(new TtaView(true, 1, 0).of(IMAGE, 3)).containsExactly(0, 3, 2, 0, 6, 5, 0, 9, 8);
    }

    @Test
    void theShiftSetHoldsTenDistinctViewsIncludingTheFlipPair() {
        assertThat(TtaView.FLIP_AND_SHIFTS).hasSize(10).containsAll(TtaView.FLIP);
        assertThat(new HashSet<>(TtaView.FLIP_AND_SHIFTS)).hasSize(10);
        assertThat(TtaView.FLIP_AND_SHIFTS.get(0)).isEqualTo(TtaView.ORIGINAL);
    }
}
