package io.ferstream.classifier;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model being served, swapped atomically: a poll {@link #acquire}s the current model and keeps it
 * to the end of the poll whatever is swapped in meanwhile; a model swapped out is closed once the last
 * poll holding it lets go. Reference counted: the slot holds one reference to its current model, each
 * lease one more. Thread-safe.
 *
 * @param <M> what is served (a {@link LiveModel}; tests use plain closeables)
 */
public final class ModelSlot<M extends AutoCloseable> implements AutoCloseable {

    private final AtomicReference<Held<M>> current;

    public ModelSlot(M first) {
        current = new AtomicReference<>(new Held<>(first));
    }

    /** A model and its users, the slot included; closed when they drop to 0. */
    private static final class Held<M extends AutoCloseable> {
        final M model;
        final AtomicInteger users = new AtomicInteger(1);

        Held(M model) {
            this.model = model;
        }

        void release() {
            if (users.decrementAndGet() == 0) {
                try {
                    model.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the model swapped out", e);
                }
            }
        }
    }

    /** One poll's use of the model; {@link #close} lets go of it. */
    public static final class Lease<M extends AutoCloseable> implements AutoCloseable {
        private final Held<M> held;
        private boolean closed;

        private Lease(Held<M> held) {
            this.held = held;
        }

        public M model() {
            return held.model;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                held.release();
            }
        }
    }

    /** The current model, held until the lease is closed. */
    public Lease<M> acquire() {
        while (true) {
            Held<M> held = current.get();
            int users = held.users.get();
            // 0: swapped out and closed between the read and now; the slot already holds another.
            if (users > 0 && held.users.compareAndSet(users, users + 1)) {
                return new Lease<>(held);
            }
        }
    }

    /** The model now in the slot, without holding it (for names and versions, not for running it). */
    public M current() {
        return current.get().model;
    }

    /** Puts {@code next} in the slot; the model it replaces is closed once no lease holds it. */
    public void swap(M next) {
        current.getAndSet(new Held<>(next)).release();
    }

    /** Lets go of the current model (closed now unless a lease still holds it). */
    @Override
    public void close() {
        current.get().release();
    }
}
