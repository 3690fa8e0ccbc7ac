package io.ferstream.vision.fer2013;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The lines of a byte stream (without their \n or \r\n), with flat memory whatever the file size:
 * one read buffer, and one spill array for a line that straddles two buffer fills. The current line
 * is {@code bytes()[start(), end())}, valid until the next call.
 */
final class CsvLines {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final byte[] buffer;
    private int bufferPos;
    private int bufferLimit;
    private byte[] spill = new byte[16 * 1024];
    /** A view of the buffer (no copy) or of the spill array. */
    private byte[] line;
    private int lineStart;
    private int lineEnd;

    CsvLines(InputStream in) {
        this(in, 1 << 20);
    }

    /** @param bufferSize bytes read at once (small sizes let tests make lines straddle fills) */
    CsvLines(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    byte[] bytes() {
        return line;
    }

    int start() {
        return lineStart;
    }

    int end() {
        return lineEnd;
    }

    /** A copy of the current line. */
    byte[] copy() {
        return Arrays.copyOfRange(line, lineStart, lineEnd);
    }

    /** Reads the next line that is not blank (spaces and tabs only); false at the end of input. */
    boolean nextNonBlank() throws IOException {
        while (next()) {
            for (int i = lineStart; i < lineEnd; i++) {
                byte c = line[i];
                if (c != ' ' && c != '\t') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads the next line; false at the end of input. */
    boolean next() throws IOException {
        if (bufferPos >= bufferLimit && !fill()) {
            return false;
        }
        int newline = indexOfNewline(bufferPos, bufferLimit);
        if (newline >= 0) {
            line = buffer;
            lineStart = bufferPos;
            lineEnd = newline;
            bufferPos = newline + 1;
        } else {
            int length = 0;
            while (true) {
                int end = newline < 0 ? bufferLimit : newline;
                int part = end - bufferPos;
                if (length + part > spill.length) {
                    spill = Arrays.copyOf(spill, Math.max(spill.length * 2, length + part));
                }
                System.arraycopy(buffer, bufferPos, spill, length, part);
                length += part;
                if (newline >= 0) {
                    bufferPos = newline + 1;
                    break;
                }
                bufferPos = bufferLimit;
                if (!fill()) {
                    break;
                }
                newline = indexOfNewline(bufferPos, bufferLimit);
            }
            line = spill;
            lineStart = 0;
            lineEnd = length;
        }
        if (lineEnd > lineStart && line[lineEnd - 1] == '\r') {
            lineEnd--;
        }
        return true;
    }

    /** The first '\n' in {@code buffer[from, to)}, 8 bytes at a time; -1 if none. */
    private int indexOfNewline(int from, int to) {
        byte[] b = buffer;
        int i = from;
        while (i + 8 <= to) {
            long word = (long) LONG_LE.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long found = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Refills the buffer; false at the end of input. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        bufferPos = 0;
        bufferLimit = Math.max(n, 0);
        return n > 0;
    }
}
