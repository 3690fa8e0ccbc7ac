package io.ferstream.platform.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ImageIdsTest {

    @Test
    void rowsOfADatasetSortByNumberAheadOfOtherTails() {
        List<String> ids = new ArrayList<>(List.of("fer2013:10", "ckplus:b", "fer2013:9", "fer2013:x", "fer2013:100", "ckplus:a",
                "fer2013:1x", "fer2013:09", "fer2013:99999999999999999999"));

        ids.sort(ImageIds::compare);

        assertThat(ids).containsExactly("ckplus:a", "ckplus:b", "fer2013:09", "fer2013:9", "fer2013:10", "fer2013:100",
                "fer2013:1x", "fer2013:99999999999999999999", "fer2013:x");
    }

    @Test
    void isATotalOrderWhateverTheInputOrder() {
        String[] parts = {"a", "b", "fer2013", "x:y"};
        String[] tails = {"0", "00", "1", "9", "10", "1x", "x", "", "99999999999999999999"};
        List<String> ids = new ArrayList<>();
        for (String p : parts) {
            ids.add(p);
            for (String t : tails) {
                ids.add(p + ":" + t);
            }
        }
        List<String> reference = new ArrayList<>(ids);
        reference.sort(ImageIds::compare);
        for (long seed = 0; seed < 20; seed++) {
            List<String> shuffled = new ArrayList<>(ids);
            Collections.shuffle(shuffled, new Random(seed));
            shuffled.sort(ImageIds::compare);
            assertThat(shuffled).isEqualTo(reference);
        }
        for (String a : ids) {
            for (String b : ids) {
                assertThat(Integer.signum(ImageIds.compare(a, b))).isEqualTo(-Integer.signum(ImageIds.compare(b, a)));
                assertThat(ImageIds.compare(a, b) == 0).isEqualTo(a.equals(b));
                for (String c : ids) {
                    if (ImageIds.compare(a, b) < 0 && ImageIds.compare(b, c) < 0) {
                        assertThat(ImageIds.compare(a, c)).isNegative();
                    }
                }
            }
        }
    }
}
