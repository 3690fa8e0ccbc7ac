package io.ferstream.vision.frames;

import io.ferstream.vision.GrayImage;
import io.ferstream.vision.Mats;
import io.ferstream.vision.OpenCvLoader;
import org.opencv.core.CvException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes untrusted live frames (webcam JPEGs, uploaded PNGs, raw grey) to 8-bit grey, refusing
 * anything too large <b>before</b> decoding: the declared size, the byte count and, for JPEG and PNG,
 * the size in the file's own header are checked against the {@link FrameLimits}, so a 50000×50000
 * "pixel bomb" costs a header read, not gigabytes. A file without its end marker (JPEG EOI, PNG IEND)
 * is refused as truncated, since libjpeg would otherwise fill the missing rows with grey.
 *
 * <p>Why a second decoder beside {@link io.ferstream.vision.files.GrayImages}: that one reads
 * dataset files in pure Java with OpenCV's exact luma formula and any format ImageIO knows, and is
 * used offline; this one is on the live path, where OpenCV's libjpeg-turbo ({@code imdecode} straight
 * to grey, skipping the colour planes) decodes a colour 640×480 JPEG in 2.3 ms against ImageIO's 9.8 ms
 * (services/classifier README), and where input must be bounded first. Grey comes from the JPEG's
 * luma plane (Y of YCbCr) as libjpeg gives it, within a grey level or so of the BGR→grey formula.
 *
 * <p>Stateless and thread-safe.
 */
public final class FrameDecoder {

    /** How a frame's bytes are stored (the names of the events' {@code ImageEncoding}). */
    public enum Encoding { GRAY8, JPEG, PNG }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] PNG_IEND = {'I', 'E', 'N', 'D'};

    private final FrameLimits limits;

    public FrameDecoder(FrameLimits limits) {
        this.limits = limits;
    }

    /**
     * The frame as grey pixels.
     *
     * @throws UnreadableFrameException naming why: too large, not an image, truncated, sizes that disagree
     */
    public GrayImage decode(Encoding encoding, int declaredWidth, int declaredHeight, byte[] bytes) {
        limits.check("declared", declaredWidth, declaredHeight);
        if (bytes.length > limits.maxBytes()) {
            throw new UnreadableFrameException("frame has " + bytes.length + " bytes, more than the limit of " + limits.maxBytes());
        }
        return switch (encoding) {
            case GRAY8 -> gray8(declaredWidth, declaredHeight, bytes);
            case JPEG, PNG -> encoded(encoding, declaredWidth, declaredHeight, bytes);
        };
    }

    private static GrayImage gray8(int width, int height, byte[] bytes) {
        if ((long) width * height != bytes.length) {
            throw new UnreadableFrameException("GRAY8 frame of " + width + "x" + height + " needs " + (long) width * height
                    + " bytes, got " + bytes.length);
        }
        return GrayImage.of(width, height, bytes);
    }

    /**
     * Width and height from a JPEG or PNG file's own header, read without decoding (and without the
     * limits: see {@link FrameLimits#check}), so a front door such as the gateway can refuse a pixel bomb
     * before anything is decoded.
     *
     * @throws UnreadableFrameException when the bytes are not that format or are truncated
     */
    public static int[] headerSize(Encoding encoding, byte[] bytes) {
        return switch (encoding) {
            case PNG -> pngSize(bytes);
            case JPEG -> jpegSize(bytes);
            case GRAY8 -> throw new IllegalArgumentException("GRAY8 frames have no header");
        };
    }

    private GrayImage encoded(Encoding encoding, int declaredWidth, int declaredHeight, byte[] bytes) {
        int[] size = headerSize(encoding, bytes);
        limits.check(encoding + " header", size[0], size[1]);
        if (size[0] != declaredWidth || size[1] != declaredHeight) {
            throw new UnreadableFrameException("frame declares " + declaredWidth + "x" + declaredHeight + " but its " + encoding
                    + " header says " + size[0] + "x" + size[1]);
        }
        OpenCvLoader.ensureLoaded();
        MatOfByte buffer = new MatOfByte(bytes);
        Mat gray;
        try {
            gray = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_GRAYSCALE);
        } catch (CvException e) { // a codec error on hostile bytes is the frame's fault, not the service's
            buffer.release();
            throw new UnreadableFrameException(encoding + " data could not be decoded: " + e.getMessage());
        }
        try {
            if (gray.empty()) {
                throw new UnreadableFrameException(encoding + " data could not be decoded");
            }
            if (gray.cols() != declaredWidth || gray.rows() != declaredHeight) {
                throw new UnreadableFrameException("decoded " + gray.cols() + "x" + gray.rows() + ", the header said "
                        + declaredWidth + "x" + declaredHeight);
            }
            return Mats.get(gray);
        } finally {
            buffer.release();
            gray.release();
        }
    }

    /** Width and height from the IHDR chunk, which the PNG format requires first. */
    static int[] pngSize(byte[] b) {
        if (b.length < 33 || !startsWith(b, PNG_SIGNATURE) || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new UnreadableFrameException("not a PNG image (no PNG signature and IHDR chunk)");
        }
        if (!regionEquals(b, b.length - 8, PNG_IEND)) {
            throw new UnreadableFrameException("truncated PNG (no IEND chunk at the end)");
        }
        return new int[] {int32(b, 16), int32(b, 20)};
    }

    /** Width and height from the first start-of-frame segment, walking the segments before it. */
    static int[] jpegSize(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            throw new UnreadableFrameException("not a JPEG image (no SOI marker)");
        }
        if ((b[b.length - 2] & 0xFF) != 0xFF || (b[b.length - 1] & 0xFF) != 0xD9) {
            throw new UnreadableFrameException("truncated JPEG (no EOI marker at the end)");
        }
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                throw new UnreadableFrameException("corrupt JPEG (no marker at byte " + pos + ")");
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                pos += 2; // markers without a length
                continue;
            }
            int length = (b[pos + 2] & 0xFF) << 8 | b[pos + 3] & 0xFF;
            if (isStartOfFrame(marker)) {
                if (pos + 9 > b.length) {
                    break;
                }
                return new int[] {(b[pos + 7] & 0xFF) << 8 | b[pos + 8] & 0xFF, (b[pos + 5] & 0xFF) << 8 | b[pos + 6] & 0xFF};
            }
            if (marker == 0xDA || length < 2) {
                throw new UnreadableFrameException("corrupt JPEG (scan data before any frame header)");
            }
            pos += 2 + length;
        }
        throw new UnreadableFrameException("truncated JPEG (no frame header)");
    }

    /** SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return regionEquals(b, 0, prefix);
    }

    private static boolean regionEquals(byte[] b, int from, byte[] expected) {
        if (from < 0 || from + expected.length > b.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int int32(byte[] b, int at) {
        long v = (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
