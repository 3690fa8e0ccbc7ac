package io.ferstream.trainer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM / Ctrl-C during training into a clean stop. The JVM runs shutdown hooks while the
 * training thread is still inside libtorch; letting it exit then crashed the process (SIGSEGV in the
 * natives' teardown). The hook instead asks the trainer to stop between batches and holds the
 * shutdown until the trainer and its engine are closed, or until {@code grace} has passed.
 * Use in try-with-resources, opened before the trainer so that it closes after it.
 */
final class StopOnShutdown implements AutoCloseable {

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;
    private final PrintStream log;
    private final Duration grace;
    private volatile Runnable stop = () -> { };

    StopOnShutdown(PrintStream log, Duration grace) {
        this.log = log;
        this.grace = grace;
        this.hook = new Thread(this::stopAndWait, "fer-train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What a shutdown asks of the work (the trainer's {@link Trainer#requestStop}). */
    void onStop(Runnable action) {
        this.stop = action;
    }

    /** The hook's body: ask the work to stop, then wait for {@link #close}. */
    void stopAndWait() {
        log.println("stop requested: ending training after the current batch; the checkpoint keeps the last whole epoch");
        stop.run();
        try {
            if (!closed.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.printf("training did not stop within %s; exiting anyway (the checkpoint is committed by rename)%n", grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and has just been released
        }
    }
}
