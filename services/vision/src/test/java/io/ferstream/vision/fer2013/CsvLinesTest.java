package io.ferstream.vision.fer2013;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvLinesTest {

    @Test
    void linesStraddlingBufferFillsComeBackWholeWithoutTheirLineEnds() throws IOException {
        String longLine = "x".repeat(50);
        String text = "ab\r\n" + longLine + "\n\n  \t\nlast";
        for (int bufferSize : new int[] {1, 3, 7, 64, 1 << 20}) {
            CsvLines lines = new CsvLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), bufferSize);
            assertThat(all(lines)).as("buffer of %d", bufferSize).containsExactly("ab", longLine, "last");
        }
    }

    @Test
    void nextKeepsBlankLines() throws IOException {
        CsvLines lines = new CsvLines(new ByteArrayInputStream("a\n\nb\n".getBytes(StandardCharsets.US_ASCII)));
        List<String> seen = new ArrayList<>();
        while (lines.next()) {
            seen.add(new String(lines.copy(), StandardCharsets.US_ASCII));
        }
        assertThat(seen).containsExactly("a", "", "b");
    }

    private static List<String> all(CsvLines lines) throws IOException {
        List<String> seen = new ArrayList<>();
        while (lines.nextNonBlank()) {
            seen.add(new String(lines.bytes(), lines.start(), lines.end() - lines.start(), StandardCharsets.US_ASCII));
        }
        return seen;
    }
}
