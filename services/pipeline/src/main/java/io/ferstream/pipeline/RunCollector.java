package io.ferstream.pipeline;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import io.ferstream.pipeline.report.RunReport;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.ids.ImageIds;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the end of the pipeline (cleaned, rejected, dead letters; read_committed) and builds each
 * run's report: every image reaches exactly one of cleaned or rejected, so a run is complete when
 * those plus the stages' dead letters account for every published image.
 */
final class RunCollector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunCollector.class);

    /** A cleaned image kept for the exports. */
    record CleanedImage(String id, Split split, int label, int width, int height, byte[] pixels) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<FaceImage> images;
    private final Deserializer<DeadLetter> deadLetters;
    private final TopicNames names;
    private final Map<String, RunReport> reports = new ConcurrentHashMap<>();
    private final Map<String, List<CleanedImage>> cleaned = new ConcurrentHashMap<>();
    private final AtomicLong stageDeadLetters = new AtomicLong();
    private final AtomicLong finalRecords = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private volatile String lastRunId;

    private RunCollector(ConnectionConfig connection) {
        SerdeConfig serdeConfig = connection.serdeConfig();
        SchemaRegistryClient client = SchemaRegistryClients.forConfig(serdeConfig);
        this.images = Topics.IMAGES_CLEANED.valueSerde(client, serdeConfig).deserializer();
        this.deadLetters = Topics.DLQ.valueSerde(client, serdeConfig).deserializer();
        this.names = connection.topicNames();
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "fer-run-collector-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::loop, "fer-run-collector");
        this.thread.setDaemon(true);
    }

    static RunCollector start(ConnectionConfig connection, MeterRegistry registry) {
        RunCollector collector = new RunCollector(connection);
        collector.consumer.subscribe(List.of(collector.names.of(Topics.IMAGES_CLEANED),
                collector.names.of(Topics.IMAGES_REJECTED), collector.names.of(Topics.DLQ)));
        registry.gauge("fer_run_final_records", collector.finalRecords);
        collector.thread.start();
        return collector;
    }

    private void loop() {
        String cleanedTopic = names.of(Topics.IMAGES_CLEANED);
        String dlqTopic = names.of(Topics.DLQ);
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(dlqTopic)) {
                        DeadLetter letter = deadLetters.deserialize(record.topic(), record.value());
                        if (letter != null && !"fetcher".equals(letter.getStage())) {
                            stageDeadLetters.incrementAndGet();
                            finalRecords.incrementAndGet();
                        }
                        continue;
                    }
                    FaceImage image = images.deserialize(record.topic(), record.value());
                    if (image == null) {
                        continue;
                    }
                    boolean kept = record.topic().equals(cleanedTopic);
                    reports.computeIfAbsent(image.getRunId(), RunReport::new).add(image, !kept);
                    if (kept) {
                        ByteBuffer buffer = image.getPixels().duplicate();
                        byte[] pixels = new byte[buffer.remaining()];
                        buffer.get(pixels);
                        cleaned.computeIfAbsent(image.getRunId(), r -> Collections.synchronizedList(new ArrayList<>()))
                                .add(new CleanedImage(image.getId(), image.getSplit(),
                                        image.getLabel() == null ? -1 : image.getLabel().ordinal(), image.getWidth(),
                                        image.getHeight(), pixels));
                    }
                    finalRecords.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            log.error("The run collector failed", e);
        }
    }

    /** Images that reached the end so far (cleaned, rejected or dead-lettered by a stage). */
    long finalRecords() {
        return finalRecords.get();
    }

    /**
     * Waits until {@code expected} images of the run are accounted for, or the timeout passes (then the
     * report says how many are missing), and returns the run's report.
     */
    RunReport awaitRun(String runId, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (accounted(runId) < expected && System.nanoTime() < deadline) {
            if (failure != null) {
                throw new IllegalStateException("collecting the run's results failed: " + failure.getMessage(), failure);
            }
            Thread.sleep(100);
        }
        RunReport report = reports.computeIfAbsent(runId, RunReport::new);
        report.published(expected);
        report.deadLetters(stageDeadLetters.get());
        long missing = expected - accounted(runId);
        if (missing > 0) {
            log.warn("Run {}: {} of {} images did not reach the end within {}", runId, missing, expected, timeout);
        }
        lastRunId = runId;
        return report;
    }

    private long accounted(String runId) {
        RunReport report = reports.get(runId);
        return (report == null ? 0 : report.total()) + stageDeadLetters.get();
    }

    /** The cleaned images of the last awaited run, FER2013 ids in row order. */
    List<CleanedImage> cleanedInIdOrder() {
        List<CleanedImage> images = new ArrayList<>(cleaned.getOrDefault(lastRunId, List.of()));
        images.sort(Comparator.comparing(CleanedImage::id, ImageIds::compare));
        return images;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
