package io.ferstream.pipeline.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzWriterTest {

    @Test
    void headerIsNpy10PaddedTo64Bytes() {
        byte[] npy = NpzWriter.npy("<i8", "(2,)", new byte[16]);
        assertThat(npy[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(npy, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(npy[6]).isEqualTo((byte) 1);
        int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }").endsWith("\n");
        assertThat(npy).hasSize(10 + headerLength + 16);
    }

    @Test
    void writesTheTwoArraysOfTheOriginalExport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fer2013_cleaned.npz");
        NpzWriter.write(file, List.of(new NpzWriter.Item(new byte[] {1, 2, 3, 4}, 3),
                new NpzWriter.Item(new byte[] {(byte) 255, 0, 0, 7}, 6)), 2, 2);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.stream().map(e -> e.getName())).containsExactly("images.npy", "labels.npy");
        }
    }

    @Test
    void numpyReadsItBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.npz");
        NpzWriter.write(file, List.of(new NpzWriter.Item(new byte[] {1, 2, 3, 4}, 3),
                new NpzWriter.Item(new byte[] {(byte) 255, 0, 0, 7}, 6)), 2, 2);
        String script = "import numpy as np, sys; d = np.load(sys.argv[1]); "
                + "print(d['images'].dtype, d['images'].shape, d['images'][1].tolist(), d['labels'].dtype, d['labels'].tolist())";
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 not found: numpy check skipped");
            return;
        }
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(python.exitValue() == 0 || !out.contains("No module named 'numpy'"), "numpy not installed: skipped");
        assertThat(out).isEqualTo("uint8 (2, 2, 2) [[255, 0], [0, 7]] int64 [3, 6]");
    }
}
