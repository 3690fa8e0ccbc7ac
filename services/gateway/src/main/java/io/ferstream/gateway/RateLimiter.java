package io.ferstream.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client (its remote address): {@code perSecond} tokens flow in, at most {@code burst}
 * are saved up, a frame or an uploaded image costs one. The table is bounded: past {@code maxClients}
 * the client seen longest ago is forgotten (it starts again with a full bucket, which costs at most one
 * burst). Thread-safe.
 */
final class RateLimiter {

    private final double perNano;
    private final int burst;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }

    RateLimiter(double perSecond, int burst, int maxClients, LongSupplier nanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanos = nanos;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Takes {@code tokens} from the client's bucket if it holds that many; otherwise takes none. */
    synchronized boolean tryAcquire(String client, int tokens) {
        long now = nanos.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perNano);
        bucket.refilledAt = now;
        if (bucket.tokens < tokens) {
            return false;
        }
        bucket.tokens -= tokens;
        return true;
    }

    synchronized int clients() {
        return buckets.size();
    }
}
