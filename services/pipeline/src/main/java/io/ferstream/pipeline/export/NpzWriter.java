package io.ferstream.pipeline.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes numpy's {@code .npz} (a zip of {@code .npy} arrays, NPY format 1.0) in the layout of the
 * original project's {@code fer2013_cleaned.npz}: {@code images} uint8 N×H×W and {@code labels}
 * int64 N, so {@code np.load(path)} in the original code reads it unchanged.
 */
public final class NpzWriter {

    private NpzWriter() {
    }

    /** One image of the export: its pixels (row-major, width × height bytes) and its FER label. */
    public record Item(byte[] pixels, long label) {
    }

    public static void write(Path file, List<Item> items, int height, int width) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] images = new byte[Math.multiplyExact(items.size(), height * width)];
            for (int i = 0; i < items.size(); i++) {
                byte[] pixels = items.get(i).pixels();
                if (pixels.length != height * width) {
                    throw new IllegalArgumentException("item " + i + " has " + pixels.length + " pixels, expected "
                            + height * width);
                }
                System.arraycopy(pixels, 0, images, i * height * width, pixels.length);
            }
            store(zip, "images.npy", npy("|u1", "(" + items.size() + ", " + height + ", " + width + ")", images));
            ByteBuffer labels = ByteBuffer.allocate(items.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
            items.forEach(item -> labels.putLong(item.label()));
            store(zip, "labels.npy", npy("<i8", "(" + items.size() + ",)", labels.array()));
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** An NPY 1.0 file: magic, version, header length, a space-padded header dict, the data. */
    static byte[] npy(String dtype, String shape, byte[] data) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.US_ASCII));
        buffer.put(data);
        return buffer.array();
    }

    /** Stored (uncompressed) like {@code np.savez}. */
    private static void store(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
