package io.ferstream.trainer;

import io.ferstream.trainer.training.Trainer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM / Ctrl-C during a training run into a clean stop. The JVM runs shutdown hooks while
 * the training thread is still inside libtorch; letting it exit then crashed the process (SIGSEGV in
 * the natives' teardown). The hook instead asks the trainer to stop between batches and holds the
 * shutdown until the run is closed (trainer, engine, and an export under way), or until
 * {@code grace} has passed. A signal that comes before the trainer exists is passed on when it does.
 * Use in try-with-resources around everything that runs native code.
 */
final class StopOnShutdown implements AutoCloseable {

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;
    private final PrintStream log;
    private final Duration grace;
    private Runnable stop = () -> { };
    private boolean requested;

    StopOnShutdown(PrintStream log, Duration grace) {
        this.log = log;
        this.grace = grace;
        this.hook = new Thread(this::stopAndWait, "fer-train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What a shutdown asks of the work (the trainer's {@link Trainer#requestStop}); run at once if one was already asked for. */
    synchronized void onStop(Runnable action) {
        this.stop = action;
        if (requested) {
            action.run();
        }
    }

    /** Whether a shutdown has asked the work to stop. */
    synchronized boolean requested() {
        return requested;
    }

    /** The hook's body: ask the work to stop, then wait for {@link #close}. */
    void stopAndWait() {
        log.println("stop requested: training ends before its next batch (the checkpoint keeps the last whole epoch); "
                + "a TEST evaluation under way is finished first");
        synchronized (this) {
            requested = true;
            stop.run();
        }
        try {
            if (!closed.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.printf("the run did not stop within %s; exiting anyway (the checkpoint is committed by rename)%n", grace);
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
