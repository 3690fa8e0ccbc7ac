package io.ferstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class StopOnShutdownTest {

    @Test
    void theHookAsksTheWorkToStopAndHoldsTheShutdownUntilItIsClosed() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CountDownLatch asked = new CountDownLatch(1);
        Thread hook;
        try (StopOnShutdown shutdown = new StopOnShutdown(new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ofMinutes(5))) {
            shutdown.onStop(asked::countDown);
            hook = new Thread(shutdown::stopAndWait);
            hook.start();
            assertThat(asked.await(30, TimeUnit.SECONDS)).as("the work was asked to stop").isTrue();
            hook.join(300);
            assertThat(hook.isAlive()).as("the shutdown waits while the trainer is open").isTrue();
        }
        hook.join(30_000);
        assertThat(hook.isAlive()).as("closing releases the shutdown").isFalse();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("stop requested").doesNotContain("did not stop");
    }

    @Test
    void aSignalBeforeTheTrainerExistsIsPassedOnWhenItDoes() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        Thread hook;
        try (StopOnShutdown shutdown = new StopOnShutdown(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Duration.ofMinutes(5))) {
            hook = new Thread(shutdown::stopAndWait);
            hook.start();
            while (!shutdown.requested()) {
                Thread.onSpinWait();
            }
            shutdown.onStop(asked::countDown);
            assertThat(asked.getCount()).as("the late action ran at once").isZero();
        }
        hook.join(30_000);
        assertThat(hook.isAlive()).isFalse();
    }

    @Test
    void theShutdownGoesAheadAfterTheGracePeriod() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (StopOnShutdown shutdown = new StopOnShutdown(new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ofMillis(20))) {
            shutdown.stopAndWait();
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("did not stop within PT0.02S");
    }
}
