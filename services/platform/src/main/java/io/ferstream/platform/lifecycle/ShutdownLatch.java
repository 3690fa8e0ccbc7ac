package io.ferstream.platform.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a foreground service alive until SIGTERM / Ctrl-C, then closes what it registered in
 * reverse order (so a service stops consuming before its producer and metrics go away).
 */
public final class ShutdownLatch {

    private static final Logger log = LoggerFactory.getLogger(ShutdownLatch.class);

    private final String serviceName;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    public ShutdownLatch(String serviceName) {
        this.serviceName = serviceName;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, serviceName + "-shutdown"));
    }

    /** Registers a resource to close on shutdown; returns it for chaining. */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Blocks the calling thread until shutdown has completed. */
    public void await() throws InterruptedException {
        stopped.await();
    }

    /** Closes everything registered, newest first; safe to call more than once. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            log.info("Stopping {}", serviceName);
            while (!resources.isEmpty()) {
                AutoCloseable resource = resources.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("Error while closing {} of {}", resource, serviceName, e);
                }
            }
        }
        stopped.countDown();
        log.info("{} stopped", serviceName);
    }
}
