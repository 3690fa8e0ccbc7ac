package io.ferstream.vision.fer2013;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class Fer2013HeaderTest {

    @Test
    void findsTheColumnsInAnyOrderCaseSpacingOrQuoting() throws IOException {
        assertThat(Fer2013Header.parse("emotion,pixels,Usage", "a.csv")).isEqualTo(new Fer2013Header(3, 0, 1, 2));
        assertThat(Fer2013Header.parse("\uFEFFemotion, Usage, pixels", "b.csv")).isEqualTo(new Fer2013Header(3, 0, 2, 1));
        assertThat(Fer2013Header.parse("\"Pixels\",id,\"EMOTION\"", "c.csv")).isEqualTo(new Fer2013Header(3, 2, 0, -1));
    }

    @Test
    void aHeaderWithoutEmotionOrPixelsIsNotFer2013() {
        assertThatThrownBy(() -> Fer2013Header.parse("label,data", "d.csv"))
                .isInstanceOf(IOException.class).hasMessage("d.csv is not a FER2013 CSV: its header 'label,data'"
                        + " lacks an emotion or a pixels column");
    }
}
