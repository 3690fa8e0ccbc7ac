package io.ferstream.trainer.training;

import io.ferstream.model.onnx.DjlOffline;

/**
 * Keeps DJL offline and quiet before any engine loads.
 *
 * <p>Nothing is downloaded at run time: libtorch comes in the {@code pytorch-native-cpu} jar and
 * ONNX Runtime (run by the model layer) in the {@code onnxruntime} jar. On first use DJL extracts libtorch (about 430 MB)
 * into its cache, {@code ~/.djl.ai/pytorch/2.7.1-cpu-linux-x86_64/} by default. Move that folder
 * with the {@code DJL_CACHE_DIR} environment variable (or {@code -DDJL_CACHE_DIR=…}); engine
 * natives alone follow {@code ENGINE_CACHE_DIR} when that is set. A moved or deleted cache is
 * simply extracted again from the jar.
 */
public final class DjlSetup {

    private static volatile boolean done;

    private DjlSetup() {
    }

    /** Sets the offline and no-tracking switches unless the user set them; idempotent. */
    public static void offline() {
        if (done) {
            return;
        }
        synchronized (DjlSetup.class) {
            DjlOffline.ensure();
            // Intra-op threads: one per core; inter-op parallelism buys nothing for one small CNN.
            setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
            setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
            done = true;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
