package io.ferstream.vision.fer2013;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class Fer2013RowsTest {

    private static final String PIXELS = "0 ".repeat(2303) + "255";

    @Test
    void rowsAreImagesOrBadRowsWithTheirReasonAndRawLine() throws IOException {
        String csv = "emotion,pixels,Usage\n"
                + "3," + PIXELS + ",PublicTest\n"
                + "\n"
                + "7," + PIXELS + ",Training\n"
                + "8," + PIXELS + ",Training\n"
                + "1,\"" + PIXELS.replace(" ", "  ") + "\",privatetest\n"
                + "2," + PIXELS + " 9,Training\n"
                + "2," + PIXELS.replace("255", "256") + ",Training\n"
                + "2," + PIXELS + ",Training,extra\n"
                + "2," + PIXELS + ",Later\n";
        try (Fer2013Rows rows = rows(csv)) {
            Fer2013Row.Image first = (Fer2013Row.Image) rows.next();
            assertThat(first.index()).isZero();
            assertThat(first.label()).isEqualTo(3);
            assertThat(first.usage()).isEqualTo(Usage.PUBLIC_TEST);
            assertThat(first.pixels()).hasSize(Fer2013Rows.PIXELS).endsWith((byte) 255);
            Fer2013Row.Bad contempt = (Fer2013Row.Bad) rows.next();
            assertThat(contempt.index()).isEqualTo(1);
            assertThat(contempt.problem()).isEqualTo(Fer2013Row.Problem.SKIPPED_CLASS);
            assertThat(contempt.detail()).isEqualTo("label 7 (contempt) is not one of the 7 FER classes");
            assertThat(new String(contempt.line(), StandardCharsets.US_ASCII)).isEqualTo("7," + PIXELS + ",Training");
            assertThat(((Fer2013Row.Bad) rows.next()).problem()).isEqualTo(Fer2013Row.Problem.BAD_LABEL);
            Fer2013Row.Image quoted = (Fer2013Row.Image) rows.next();
            assertThat(quoted.usage()).isEqualTo(Usage.PRIVATE_TEST);
            assertThat(quoted.pixels()).isEqualTo(first.pixels());
            assertThat(((Fer2013Row.Bad) rows.next()).detail()).isEqualTo("found 2305 pixel values, expected 2304 (48x48)");
            assertThat(((Fer2013Row.Bad) rows.next()).detail()).isEqualTo("pixel 2303 is '256', not a whole number in 0..255");
            assertThat(((Fer2013Row.Bad) rows.next()).problem()).isEqualTo(Fer2013Row.Problem.MALFORMED_ROW);
            Fer2013Row.Bad usage = (Fer2013Row.Bad) rows.next();
            assertThat(usage.problem()).isEqualTo(Fer2013Row.Problem.UNKNOWN_USAGE);
            assertThat(usage.index()).isEqualTo(7);
            assertThat(rows.next()).isNull();
        }
    }

    @Test
    void withoutAUsageColumnEveryRowIsTrainingAndSkipCountsRows() throws IOException {
        try (Fer2013Rows rows = rows("pixels,emotion\n" + PIXELS + ",1\n\n" + PIXELS + ",2\n" + PIXELS + ",6\n")) {
            assertThat(rows.skip(2)).isEqualTo(2);
            Fer2013Row.Image last = (Fer2013Row.Image) rows.next();
            assertThat(last.index()).isEqualTo(2);
            assertThat(last.label()).isEqualTo(6);
            assertThat(last.usage()).isEqualTo(Usage.TRAINING);
            assertThat(rows.skip(5)).isZero();
        }
    }

    private static Fer2013Rows rows(String csv) throws IOException {
        return new Fer2013Rows(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), "t.csv",
                Map.of(7, "contempt"));
    }
}
