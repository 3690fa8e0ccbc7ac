package io.ferstream.platform.topics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Fails fast, with a message a newcomer can act on, when no Kafka broker answers: otherwise the
 * first client call waits out its full timeout and ends in Kafka's own wording.
 */
public final class ClusterCheck {

    /** How long a service waits for the cluster to answer before giving up at start. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(15);

    private ClusterCheck() {
    }

    /** The number of live brokers; throws when none answers within {@code limit}. */
    public static int requireReachable(String bootstrapServers, Duration limit) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        try {
            return admin.describeCluster().nodes().get(limit.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while contacting Kafka at " + bootstrapServers, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("No Kafka broker answers at " + bootstrapServers + " within "
                    + limit.toSeconds() + " s: start one (./fer platform) or point --bootstrap-servers at your cluster", e);
        } finally {
            // Do not wait for the pending call: the point is to fail fast.
            admin.close(Duration.ZERO);
        }
    }
}
