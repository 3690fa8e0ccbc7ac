package io.ferstream.platform.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ImageIdsTest {

    @Test
    void rowsOfOneDatasetSortByNumberOthersAsText() {
        List<String> ids = new ArrayList<>(List.of("fer2013:10", "ckplus:b", "fer2013:9", "fer2013:x", "fer2013:100", "ckplus:a",
                "fer2013:99999999999999999999"));

        ids.sort(ImageIds::compare);

        assertThat(ids).containsExactly("ckplus:a", "ckplus:b", "fer2013:9", "fer2013:10", "fer2013:100",
                "fer2013:99999999999999999999", "fer2013:x");
    }
}
