package io.ferstream.vision.fer2013;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses a FER2013 pixel field, 48x48 = 2,304 space-separated values 0..255, straight from the
 * line's bytes (no strings, no split): a fast path for the common layout, and a general path that
 * accepts any spacing and says what is wrong.
 */
final class Fer2013Pixels {

    static final int SIDE = 48;
    static final int COUNT = SIDE * SIDE;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Why a pixel field is not an image. */
    record Defect(Fer2013Row.Problem problem, String detail) {
    }

    private Fer2013Pixels() {
    }

    /**
     * The common layout only: 2,304 values of 1 to 3 digits, each at most 255, single spaces between
     * them. False for anything else (then {@link #parse} finds out what is wrong, if anything).
     *
     * <p>Branch-light (SWAR): for each 64-byte block a bit mask of its spaces is built 8 bytes at a
     * time; the tokens are then walked from space to space, each token's up to 3 digits read as one
     * int, checked and combined without a branch per character. Tokens after the last full block go
     * through a plain loop.
     */
    static boolean parseFast(byte[] l, int start, int end, byte[] out) {
        int count = 0;
        int token = start;
        int block = start;
        while (block + 64 <= end) {
            long spaces = 0;
            for (int k = 0; k < 8; k++) {
                long t = (long) LONG_LE.get(l, block + (k << 3)) ^ 0x2020202020202020L;
                long zero = ~(((t & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | t | 0x7F7F7F7F7F7F7F7FL);
                spaces |= ((zero * 0x0002040810204081L) >>> 56) << (k << 3);
            }
            while (spaces != 0) {
                int space = block + Long.numberOfTrailingZeros(spaces);
                spaces &= spaces - 1;
                int length = space - token;
                if (length < 1 || length > 3 || count == COUNT) {
                    return false;
                }
                int mask = (1 << (length << 3)) - 1;
                int digits = (int) INT_LE.get(l, token) & mask;
                // Each of the token's bytes must be '0'..'9': high nibble 3, and low nibble + 6 < 16.
                if ((digits & 0xF0F0F0F0) != (0x30303030 & mask)
                        || (((digits & 0x0F0F0F0F) + 0x06060606) & 0xF0F0F0F0 & mask) != 0) {
                    return false;
                }
                int aligned = (digits & 0x0F0F0F0F) << ((3 - length) << 3);
                int value = (aligned & 0xFF) * 100 + ((aligned >>> 8) & 0xFF) * 10 + ((aligned >>> 16) & 0xFF);
                if (value > 255) {
                    return false;
                }
                out[count++] = (byte) value;
                token = space + 1;
            }
            block += 64;
            if (token + 3 < block) {
                return false;                            // 4 or more characters without a space
            }
        }
        int i = token;
        while (i < end) {
            if (count == COUNT) {
                return false;
            }
            int value = 0;
            int length = 0;
            while (i < end && l[i] != ' ') {
                int digit = l[i] - '0';
                if (digit < 0 || digit > 9 || ++length > 3) {
                    return false;
                }
                value = value * 10 + digit;
                i++;
            }
            if (length == 0 || value > 255) {
                return false;
            }
            out[count++] = (byte) value;
            if (i < end) {
                i++;
                if (i == end) {
                    return false;                        // a trailing space
                }
            }
        }
        return count == COUNT;
    }

    /**
     * Parses the field, any blanks between values, into {@code out}; null when it holds exactly
     * 2,304 values in 0..255, else the defect (a wrong count is reported before a bad value).
     */
    static Defect parse(byte[] l, int start, int end, byte[] out) {
        int count = 0;
        int firstBad = -1;
        int firstBadStart = 0;
        int firstBadEnd = 0;
        int i = start;
        while (i < end) {
            byte c = l[i];
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int tokenStart = i;
            int value = 0;
            boolean ok = true;
            while (i < end && (c = l[i]) != ' ' && c != '\t') {
                int digit = c - '0';
                if (digit < 0 || digit > 9) {
                    ok = false;
                } else if (value <= 255) {
                    value = value * 10 + digit;
                }
                i++;
            }
            if (ok && value > 255) {
                ok = false;
            }
            if (ok) {
                if (count < COUNT) {
                    out[count] = (byte) value;
                }
            } else if (firstBad < 0) {
                firstBad = count;
                firstBadStart = tokenStart;
                firstBadEnd = i;
            }
            count++;
        }
        if (count != COUNT) {
            return new Defect(Fer2013Row.Problem.BAD_PIXEL_COUNT,
                    "found " + count + " pixel values, expected " + COUNT + " (48x48)");
        }
        if (firstBad >= 0) {
            String token = new String(l, firstBadStart, firstBadEnd - firstBadStart, StandardCharsets.UTF_8);
            return new Defect(Fer2013Row.Problem.BAD_PIXEL_VALUE,
                    "pixel " + firstBad + " is '" + Fer2013RowParser.abbreviate(token) + "', not a whole number in 0..255");
        }
        return null;
    }
}
