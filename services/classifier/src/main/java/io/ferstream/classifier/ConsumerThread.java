package io.ferstream.classifier;

import java.time.Duration;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer polled on a thread of its own until {@link #close}: {@code setup} subscribes or assigns,
 * then every non-empty poll goes to {@code serve}. An exception out of either stops the thread and is
 * kept ({@link #isHealthy} turns false, and so does the service's {@code /health}); the consumer is
 * closed when the thread ends.
 */
final class ConsumerThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerThread.class);

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Consumer<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> setup;
    private final Consumer<ConsumerRecords<byte[], byte[]>> serve;
    private final String stopped;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** {@code stopped}: what it means when the thread stops on an error, for the log. */
    ConsumerThread(String name, org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                   Consumer<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> setup,
                   Consumer<ConsumerRecords<byte[], byte[]>> serve, String stopped) {
        this.consumer = consumer;
        this.setup = setup;
        this.serve = serve;
        this.stopped = stopped;
        this.thread = new Thread(this::run, name);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            setup.accept(consumer);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    serve.accept(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            log.error("{} stopped: {}", thread.getName(), stopped, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether the thread is still polling. */
    boolean isHealthy() {
        return thread.isAlive() && failure == null;
    }

    /** Stops polling and waits for the thread (which closes the consumer). */
    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
