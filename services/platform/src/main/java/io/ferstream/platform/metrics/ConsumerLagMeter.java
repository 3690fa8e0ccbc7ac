package io.ferstream.platform.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fer_consumer_group_lag{group,topic}}: how many records a consumer group still has to read,
 * refreshed every {@link #REFRESH_INTERVAL} from the broker with an Admin client of its own. It covers
 * the group's input topics from the start (so a backlog shows before the group's first commit) and
 * every other topic the group has committed on (Kafka Streams' internal topics). End offsets are read
 * read_committed (the last stable offset): every group of the pipeline reads committed data only,
 * so records of open or aborted transactions are not counted as work left.
 */
public final class ConsumerLagMeter implements AutoCloseable {

    public static final String METRIC = "fer_consumer_group_lag";
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMeter.class);

    private final Admin admin;
    private final String group;
    private final Set<String> inputTopics;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lagByTopic = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    private ConsumerLagMeter(Admin admin, String group, Collection<String> inputTopics, MeterRegistry registry) {
        this.admin = admin;
        this.group = group;
        this.inputTopics = Set.copyOf(inputTopics);
        this.registry = registry;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fer-lag-" + group);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts measuring {@code group}'s lag on {@code inputTopics} (and on whatever else it commits). */
    public static ConsumerLagMeter start(String bootstrapServers, String clientId, String group,
                                         Collection<String> inputTopics, MeterRegistry registry) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId));
        ConsumerLagMeter meter = new ConsumerLagMeter(admin, group, inputTopics, registry);
        meter.scheduler.scheduleWithFixedDelay(meter::refreshQuietly, 0, REFRESH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return meter;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The last values stay: a broker that is briefly away does not make the lag look like 0.
            log.debug("Cannot read the lag of group {}", group, e);
        }
    }

    /** Reads the offsets once and updates the gauges. */
    void refresh() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> committed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
        partitions.addAll(partitionsOf(inputTopics));
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Set<TopicPartition> uncommitted = new HashSet<>(partitions);
        uncommitted.removeAll(committed.keySet());
        Map<TopicPartition, Long> start = uncommitted.isEmpty() ? Map.of() : offsets(uncommitted, OffsetSpec.earliest());
        ConsumerGroupLag.perTopic(committed, end, start).forEach(this::publish);
    }

    private void publish(String topic, long lag) {
        AtomicLong value = lagByTopic.computeIfAbsent(topic, t -> new AtomicLong());
        value.set(lag);
        // Another worker of the group in this JVM may hold the series, and removes it when it stops:
        // whichever refreshes next registers it again.
        if (registry.find(METRIC).tags("group", group, "topic", topic).gauge() == null) {
            gauges.put(topic, Gauge.builder(METRIC, value, AtomicLong::get)
                    .description("Records the consumer group has still to read (end offset - committed offset)")
                    .tags("group", group, "topic", topic).register(registry));
        }
    }

    /** The partitions of the topics that exist (an input topic may not be created yet). */
    private Set<TopicPartition> partitionsOf(Set<String> topics) throws InterruptedException, TimeoutException,
            ExecutionException {
        Set<TopicPartition> partitions = new HashSet<>();
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
            try {
                topic.getValue().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).partitions()
                        .forEach(info -> partitions.add(new TopicPartition(topic.getKey(), info.partition())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Stops refreshing and removes this group's series (a stopped consumer has no lag to report here). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gauges.values().forEach(registry::remove);
        gauges.clear();
        lagByTopic.clear();
        admin.close(Duration.ofSeconds(5));
    }
}
