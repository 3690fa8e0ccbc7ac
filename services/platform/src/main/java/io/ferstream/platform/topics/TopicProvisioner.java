package io.ferstream.platform.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics up front (the one place that does) and waits until every partition
 * is writable on its leader.
 *
 * <p>Why the wait: KAFKA-15591. An idempotent producer that writes into a just-created topic with
 * several requests in flight can get NOT_LEADER_OR_FOLLOWER for its first batch while a later one is
 * appended; the retry then fails with OUT_OF_ORDER_SEQUENCE_NUMBER and the batch is lost. A leader
 * in the topic metadata is not enough (the broker may not host the partition yet), so we wait until a
 * ListOffsets request, which is answered by the partition leader itself, succeeds for every
 * partition. Nothing is written to the topics to do so.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final TopicNames names;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, TopicNames names, Duration timeout) {
        this.admin = admin;
        this.names = names;
        this.timeout = timeout;
    }

    /**
     * Creates every topic of {@link Topics#ALL} that is missing, then waits until all are writable.
     * Returns the partition count each topic really has (an existing topic keeps its own).
     */
    public Map<String, Integer> ensureAll() {
        return ensure(Topics.ALL);
    }

    public Map<String, Integer> ensure(Collection<FerTopic<?>> topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            short replication = (short) Math.min(3, admin.describeCluster().nodes()
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS).size());
            Set<String> existing = admin.listTopics().names().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (FerTopic<?> topic : topics) {
                if (!existing.contains(names.of(topic))) {
                    missing.add(newTopic(topic, replication));
                }
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, Integer> partitionCounts = awaitWritable(topics, deadline);
            if (!missing.isEmpty()) {
                log.info("Created {} topic(s): {}", missing.size(), missing.stream().map(NewTopic::name).toList());
            }
            return partitionCounts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create or verify the pipeline topics within " + timeout
                    + ": " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    private NewTopic newTopic(FerTopic<?> topic, short replication) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        if (replication > 1) {
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        }
        return new NewTopic(names.of(topic), topic.partitions(), replication).configs(configs);
    }

    private Map<String, Integer> awaitWritable(Collection<FerTopic<?>> topics, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> topicNames = topics.stream().map(names::of).toList();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topicNames).allTopicNames()
                        .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                Map<String, Integer> partitionCounts = new HashMap<>();
                descriptions.values().forEach(d -> {
                    partitionCounts.put(d.name(), d.partitions().size());
                    d.partitions().forEach(p ->
                            partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
                });
                admin.listOffsets(partitions).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                return partitionCounts;
            } catch (ExecutionException e) {
                // Metadata of a just-created topic takes a moment to reach every broker: retry those.
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
