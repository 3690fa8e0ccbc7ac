package io.ferstream.vision;

import org.opencv.core.Core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the OpenCV natives shipped in {@code org.openpnp:opencv} once per JVM.
 *
 * <p>Thread-safe and idempotent: the first call extracts and loads the library, later calls return
 * at once. A failure is remembered and every later call throws the same clear error, so a service
 * fails fast at start-up instead of with an {@link UnsatisfiedLinkError} deep inside a stage.
 * Every class of this package that touches OpenCV calls {@link #ensureLoaded()} itself.
 */
public final class OpenCvLoader {

    private static final Logger LOG = LoggerFactory.getLogger(OpenCvLoader.class);

    private OpenCvLoader() {}

    /** Loads the natives if not yet loaded; throws {@link IllegalStateException} if they can't be. */
    public static void ensureLoaded() {
        Holder.State state = Holder.STATE;
        if (state.failure != null) {
            throw new IllegalStateException(
                    "OpenCV natives could not be loaded (org.openpnp:opencv, nu.pattern.OpenCV.loadLocally()): "
                            + state.failure,
                    state.failure);
        }
    }

    /**
     * Sets OpenCV's process-wide worker-thread count ({@code Core.setNumThreads}); loads first.
     *
     * <p>Stages that run one scorer per stream thread should call {@code setNumThreads(1)} at
     * start: on 48×48 images OpenCV's own pool costs more than it gains (measured with JMH: quality
     * scoring 36,300 images/s with 1 thread against 21,000 with the default pool; see
     * {@code VisionBenchmarks}). {@code n <= 0} restores OpenCV's default.
     */
    public static void setNumThreads(int n) {
        ensureLoaded();
        Core.setNumThreads(n <= 0 ? -1 : n);
    }

    /** OpenCV's version string, e.g. {@code 4.9.0}; loads the natives first. */
    public static String version() {
        ensureLoaded();
        return Core.VERSION;
    }

    /** Lazy holder: the JVM runs the static initialiser exactly once, under its class-init lock. */
    private static final class Holder {
        static final State STATE = load();

        private record State(Throwable failure) {}

        private static State load() {
            long start = System.nanoTime();
            try {
                nu.pattern.OpenCV.loadLocally();
                // Touch one native method so a half-loaded library fails here, not later.
                String version = Core.getVersionString();
                LOG.info("OpenCV {} loaded in {} ms", version, (System.nanoTime() - start) / 1_000_000);
                return new State(null);
            } catch (Throwable t) { // UnsatisfiedLinkError, UnsupportedPlatformException, I/O errors
                LOG.error("OpenCV natives failed to load", t);
                return new State(t);
            }
        }
    }
}
