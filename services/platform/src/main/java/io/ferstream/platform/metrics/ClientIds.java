package io.ferstream.platform.metrics;

import java.util.HashSet;
import java.util.Set;

/**
 * Stable Kafka {@code client.id}s, unique in this JVM. Kafka names each client's JMX beans and
 * metrics after its client id, so two clients with one id in a JVM collide (and their Micrometer
 * series merge); Kafka Streams' default id carries a fresh UUID instead, which makes a new set of
 * series every run. Here the first claimant of {@code base} gets {@code base}, a second one at the
 * same time {@code base-2}, and so on; a released id is handed out again, so a restart reuses it.
 */
public final class ClientIds {

    private static final Set<String> IN_USE = new HashSet<>();

    private ClientIds() {
    }

    /** A claimed client id; closing it frees the id for the next claimant. */
    public record Lease(String id) implements AutoCloseable {
        @Override
        public void close() {
            synchronized (IN_USE) {
                IN_USE.remove(id);
            }
        }
    }

    public static Lease claim(String base) {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("a client id base is required");
        }
        synchronized (IN_USE) {
            String id = base;
            for (int instance = 2; IN_USE.contains(id); instance++) {
                id = base + "-" + instance;
            }
            IN_USE.add(id);
            return new Lease(id);
        }
    }
}
