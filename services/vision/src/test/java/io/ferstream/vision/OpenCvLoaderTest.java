package io.ferstream.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OpenCvLoaderTest {

    @Test
    void loadsOnceFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                tasks.add(OpenCvLoader::version);
            }
            for (Future<String> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isEqualTo("4.9.0");
            }
        } finally {
            pool.shutdownNow();
        }
        OpenCvLoader.ensureLoaded(); // idempotent
    }

    @Test
    void setsOpenCvThreadCount() {
        try {
            OpenCvLoader.setNumThreads(1);
            assertThat(org.opencv.core.Core.getNumThreads()).isEqualTo(1);
        } finally {
            OpenCvLoader.setNumThreads(0);
        }
        assertThat(org.opencv.core.Core.getNumThreads()).isGreaterThanOrEqualTo(1);
    }
}
