package io.ferstream.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The reader's fast pixel path against an independent oracle (regex split + BigInteger) on
 * randomly formatted rows: 1-5 digit tokens, leading zeros, tabs, double spaces, letters, signs,
 * wrong counts, values above 255, and rows just long or short enough to end inside a 64-byte block.
 */
class Fer2013CsvPixelParsingTest {

    @Test
    void fastAndCarefulPathsAgreeWithAnOracleOnRandomRows() throws IOException {
        Random random = new Random(20_13);
        List<String> fields = new ArrayList<>();
        for (int row = 0; row < 400; row++) {
            fields.add(randomPixelField(random));
        }
        StringBuilder csv = new StringBuilder("emotion,pixels,Usage\n");
        for (String field : fields) {
            csv.append("3,").append(field).append(",Training\n");
        }
        int valid = 0;
        try (Fer2013CsvReader reader = new Fer2013CsvReader(
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.US_ASCII)), "r.csv", "fer2013", Map.of())) {
            for (int row = 0; row < fields.size(); row++) {
                SourceEntry entry = reader.next();
                byte[] expected = oracle(fields.get(row));
                if (expected != null) {
                    assertThat(entry).as("row %d: %s", row, abbreviated(fields.get(row))).isInstanceOf(ImageEntry.class);
                    assertThat(((ImageEntry) entry).pixels()).as("row %d", row).isEqualTo(expected);
                    valid++;
                } else {
                    assertThat(entry).as("row %d: %s", row, abbreviated(fields.get(row))).isInstanceOf(Rejection.class);
                    assertThat(((Rejection) entry).reason()).isIn(RejectReason.BAD_PIXEL_COUNT, RejectReason.BAD_PIXEL_VALUE);
                }
            }
            assertThat(reader.next()).isNull();
        }
        assertThat(valid).as("enough valid rows to exercise the fast path").isGreaterThan(100);
    }

    /** The pixels a correct parser must produce, or null when the field is not 2,304 values in 0..255. */
    private static byte[] oracle(String field) {
        String trimmed = field.strip();
        String[] tokens = trimmed.isEmpty() ? new String[0] : trimmed.split("[ \t]+");
        if (tokens.length != 2304) {
            return null;
        }
        byte[] pixels = new byte[2304];
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].matches("[0-9]+") || new BigInteger(tokens[i]).compareTo(BigInteger.valueOf(255)) > 0) {
                return null;
            }
            pixels[i] = (byte) Integer.parseInt(tokens[i].replaceFirst("^0+(?=.)", ""));
        }
        return pixels;
    }

    private static String randomPixelField(Random random) {
        int kind = random.nextInt(10);
        int count = switch (kind) {
            case 0 -> 2303;
            case 1 -> 2305;
            default -> 2304;
        };
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                int separator = random.nextInt(400);
                field.append(kind == 2 && separator == 0 ? "\t" : kind == 3 && separator == 1 ? "  " : " ");
            }
            int value = random.nextInt(256);
            String token = Integer.toString(value);
            if (kind == 4 && random.nextInt(300) == 0) {
                token = "0" + token;                              // leading zero: still valid
            } else if (kind == 5 && random.nextInt(500) == 0) {
                token = Integer.toString(256 + random.nextInt(99_744));   // too large
            } else if (kind == 6 && random.nextInt(700) == 0) {
                token = random.nextBoolean() ? "-" + token : token + "x";
            }
            field.append(token);
        }
        return field.toString();
    }

    private static String abbreviated(String text) {
        return text.length() < 60 ? text : text.substring(0, 60) + "...";
    }
}
