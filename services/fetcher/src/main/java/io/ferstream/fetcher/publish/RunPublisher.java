package io.ferstream.fetcher.publish;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.fetcher.source.ImageEntry;
import io.ferstream.fetcher.source.ImageSource;
import io.ferstream.fetcher.source.Rejection;
import io.ferstream.fetcher.source.SourceEntry;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.ClusterCheck;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one run: every entry of an {@link ImageSource} becomes a {@code FaceImage} on
 * {@code fer.images.raw} (key = image id) or a {@code DeadLetter} on {@code fer.dlq} (stage
 * {@code fetcher}), and the run's {@code RunManifest} (key = run id) on the compacted
 * {@code fer.runs} tracks it: STARTED before the first image, PUBLISHING after every chunk, then
 * PUBLISHED (or CANCELLED on Ctrl-C, FAILED on an error) with the final counts.
 *
 * <h2>Exactly once, also across re-runs of the same run id</h2>
 * <ul>
 *   <li>One transactional, idempotent producer per run, {@code transactional.id =
 *       <topic prefix>fer-fetcher-<run id>}. Images, dead letters and the manifest of a chunk
 *       ({@code commitEvery} entries) are committed in one transaction, so a read_committed consumer
 *       sees a chunk entirely or not at all, and the manifest's counts always equal what is visible.</li>
 *   <li>Starting a producer with the same transactional id (a re-run, or a second process) fences
 *       the older one and aborts its open transaction: a crashed attempt leaves no half chunk behind,
 *       and two processes can never both publish a run.</li>
 *   <li>Before publishing, the run's last committed manifest is read (read_committed). Because a
 *       source's order is deterministic and every entry is either an image or a dead letter,
 *       {@code publishedImages + deadLettered} is exactly how many entries are already published:
 *       <b>a re-run of an interrupted run (STARTED, PUBLISHING, FAILED, CANCELLED) skips those
 *       entries and continues</b>, so each image id is published once per run. A run already
 *       PUBLISHED is not published again (the call returns {@link Outcome#ALREADY_PUBLISHED}), unless
 *       {@code force}: then it is republished from the start and every id appears a second time
 *       with the same key and run id (consumers keyed by image id, e.g. compacted or state stores,
 *       are unaffected).</li>
 *   <li>A run id whose manifest names another source or dataset is refused.</li>
 * </ul>
 *
 * <p>Progress: one log line every {@code progressEvery} (images, images/s, dead letters); a final
 * summary line. No per-image logging.
 */
public final class RunPublisher {

    private static final Logger log = LoggerFactory.getLogger(RunPublisher.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    public static final String STAGE = "fetcher";

    /** How a run ended. */
    public enum Outcome { PUBLISHED, ALREADY_PUBLISHED, CANCELLED, FAILED, FENCED }

    /**
     * What one publish call did. {@code resumedFrom} = entries skipped because an earlier attempt
     * published them; {@code elapsed} = the whole call (topic checks, producer start, manifest read,
     * publishing); {@code publishing} = from the first entry read to the last commit.
     */
    public record Result(Outcome outcome, RunManifest manifest, Map<String, Long> deadLettersByReason,
                         long resumedFrom, long imagesThisAttempt, Duration elapsed, Duration publishing) {

        public double imagesPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds > 0 ? imagesThisAttempt / seconds : 0;
        }

        /** One line for the console and the log. */
        public String summary() {
            StringBuilder text = new StringBuilder();
            text.append("run ").append(manifest.getRunId()).append(' ').append(manifest.getStatus())
                    .append(outcome == Outcome.ALREADY_PUBLISHED ? " (already; nothing published)" : "")
                    .append(": ").append(String.format("%,d", manifest.getPublishedImages())).append(" images ")
                    .append(manifest.getSplitCounts()).append(", ")
                    .append(String.format("%,d", manifest.getDeadLettered())).append(" dead letters");
            if (!deadLettersByReason.isEmpty()) {
                text.append(' ').append(deadLettersByReason);
            }
            if (outcome != Outcome.ALREADY_PUBLISHED) {
                text.append(String.format(", %,d images in %.1f s (%,.0f images/s)", imagesThisAttempt,
                        elapsed.toNanos() / 1e9, imagesPerSecond()));
            }
            if (resumedFrom > 0) {
                text.append(String.format(", resumed after %,d entries", resumedFrom));
            }
            if (manifest.getMessage() != null && outcome != Outcome.PUBLISHED) {
                text.append(" - ").append(manifest.getMessage());
            }
            return text.toString();
        }
    }

    /**
     * @param limit         stop after this many source entries (counting those of earlier attempts); null = all
     * @param commitEvery   entries per transaction
     * @param force         republish a run that is already PUBLISHED
     */
    public record Settings(String runId, Long limit, int commitEvery, boolean force, Duration progressEvery,
                           Duration timeout) {
        public Settings {
            Objects.requireNonNull(runId, "runId");
            if (!RUN_ID.matcher(runId).matches()) {
                throw new IllegalArgumentException("run id must be 1-200 letters, digits, '.', '_' or '-': " + runId);
            }
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1");
            }
            if (commitEvery < 1) {
                throw new IllegalArgumentException("commitEvery must be >= 1");
            }
        }
    }

    private final ConnectionConfig connection;
    private final FetcherMetrics metrics;
    private final Clock clock;
    private final Map<String, Object> producerOverrides;
    private volatile boolean cancelled;

    public RunPublisher(ConnectionConfig connection, FetcherMetrics metrics, Clock clock) {
        this(connection, metrics, clock, Map.of());
    }

    /** @param producerOverrides extra producer settings (tuning, tests) */
    public RunPublisher(ConnectionConfig connection, FetcherMetrics metrics, Clock clock,
                        Map<String, Object> producerOverrides) {
        this.connection = connection;
        this.metrics = metrics;
        this.clock = clock;
        this.producerOverrides = Map.copyOf(producerOverrides);
    }

    /** Asks a running {@link #publish} to stop after the current entry; it commits what it sent and writes CANCELLED. */
    public void cancel() {
        cancelled = true;
    }

    public static String transactionalId(TopicNames names, String runId) {
        return names.prefix() + "fer-fetcher-" + runId;
    }

    public Result publish(ImageSource source, Settings settings) {
        long startNanos = System.nanoTime();
        TopicNames names = connection.topicNames();
        String rawTopic = names.of(Topics.IMAGES_RAW);
        String dlqTopic = names.of(Topics.DLQ);
        String runsTopic = names.of(Topics.RUNS);
        ClusterCheck.requireReachable(connection.bootstrapServers(), settings.timeout().compareTo(ClusterCheck.DEFAULT_LIMIT) < 0
                ? settings.timeout() : ClusterCheck.DEFAULT_LIMIT);
        // Topics are checked (created when missing) while the producer starts: initTransactions needs no topic.
        CompletableFuture<Void> topics = CompletableFuture.runAsync(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers()))) {
                new TopicProvisioner(admin, names, settings.timeout()).ensure(List.of(Topics.IMAGES_RAW, Topics.DLQ, Topics.RUNS));
            }
        });
        SerdeConfig serdeConfig = connection.serdeConfig();
        SchemaRegistryClient registry = new SchemaRegistryClient(serdeConfig.schemaRegistryUrl(), settings.timeout());
        Serializer<FaceImage> images = new WireFormatWriter<>(registry, serdeConfig);
        Serializer<DeadLetter> deadLetters = Topics.DLQ.valueSerde(registry, serdeConfig).serializer();
        Serializer<RunManifest> manifests = Topics.RUNS.valueSerde(registry, serdeConfig).serializer();

        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(names, settings.runId()));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "fer-fetcher-" + settings.runId());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.timeout().toMillis());
        props.putAll(producerOverrides);

        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            RunRecords records = new RunRecords(producer, new RunRecords.Destinations(rawTopic, images, dlqTopic,
                    deadLetters, runsTopic, manifests), settings.runId());
            Run run = new Run(producer, records, source, settings, startNanos);
            producer.initTransactions();
            long producerReady = System.nanoTime();
            awaitTopics(topics);
            long topicsReady = System.nanoTime();
            Optional<RunManifest> prior = RunManifestReader.latest(connection.bootstrapServers(), runsTopic,
                    settings.runId(), Topics.RUNS.valueSerde(registry, serdeConfig).deserializer(), settings.timeout());
            log.debug("Run {} set up: producer {} ms, then topics {} ms more, manifest {} ms", settings.runId(),
                    (producerReady - startNanos) / 1_000_000, (topicsReady - producerReady) / 1_000_000,
                    (System.nanoTime() - topicsReady) / 1_000_000);
            return run.execute(prior.orElse(null));
        } finally {
            topics.cancel(false);
        }
    }

    private static void awaitTopics(CompletableFuture<Void> topics) {
        try {
            topics.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The state of one publish call. */
    private final class Run {
        private final Producer<byte[], byte[]> producer;
        private final RunRecords records;
        private final ImageSource source;
        private final Settings settings;
        private final long startNanos;
        private RunTally tally = new RunTally();
        private RunTally committed = new RunTally();
        private Instant startedAt;
        private Long expected;
        private long resumedFrom;
        private long imagesAtStart;
        private long loopStartNanos;

        Run(Producer<byte[], byte[]> producer, RunRecords records, ImageSource source, Settings settings, long startNanos) {
            this.producer = producer;
            this.records = records;
            this.source = source;
            this.settings = settings;
            this.startNanos = startNanos;
        }

        Result execute(RunManifest prior) {
            startedAt = clock.instant();
            OptionalLong entries = source.expectedEntries();
            expected = entries.isPresent() ? entries.getAsLong() : null;
            if (expected != null && settings.limit() != null) {
                expected = Math.min(expected, settings.limit());
            }
            ResumePlan plan = ResumePlan.of(prior, settings.runId(), source.description(), source.dataset(),
                    settings.force());
            switch (plan.kind()) {
                case ALREADY_PUBLISHED -> {
                    log.info("Run {} is already {}; nothing to publish (--force republishes it)", settings.runId(),
                            prior.getStatus());
                    return new Result(Outcome.ALREADY_PUBLISHED, prior, Map.of(), 0, 0, elapsed(), Duration.ZERO);
                }
                case REPUBLISH -> log.warn("Republishing run {} (--force): its images appear a second time in {} under"
                        + " the same keys", settings.runId(), records.rawTopic());
                case RESUME -> {
                    tally = plan.resumed();
                    committed = tally.copy();
                    startedAt = prior.getStartedAt();
                    resumedFrom = tally.entries();
                }
                case FRESH -> { }
            }
            imagesAtStart = tally.images();
            try {
                if (resumedFrom > 0) {
                    long skipped = source.skip(resumedFrom);
                    if (skipped != resumedFrom) {
                        throw new IllegalArgumentException("run " + settings.runId() + " had published " + resumedFrom
                                + " entries but the source now holds only " + skipped + "; it changed, use another --run-id");
                    }
                    log.info("Resuming run {} after {} entries ({} images, {} dead letters already published)",
                            settings.runId(), resumedFrom, tally.images(), tally.deadLetters());
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot skip to entry " + resumedFrom + " of " + source.description()
                        + ": " + e.getMessage(), e);
            }
            try {
                producer.beginTransaction();
                sendManifest(resumedFrom > 0 ? RunStatus.PUBLISHING : RunStatus.STARTED, null, null);
                commit(0);
                log.info("Run {}: publishing {} from {}{}", settings.runId(), source.dataset(), source.description(),
                        expected == null ? "" : " (" + expected + " entries)");
                return loop();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                log.error("Run {} was taken over by another producer with the same run id; stopping", settings.runId());
                return new Result(Outcome.FENCED, manifest(RunStatus.FAILED, "fenced by another fetch of the same run id",
                        committed, null), committed.deadLettersByReason(), resumedFrom, committed.images() - imagesAtStart,
                        elapsed(), publishing());
            } catch (RuntimeException e) {
                return fail(e);
            }
        }

        private Result loop() {
            loopStartNanos = System.nanoTime();
            ProgressLog progress = new ProgressLog(settings.runId(), expected, settings.progressEvery().toNanos(),
                    startNanos, tally.images());
            int inChunk = 0;
            long limit = settings.limit() == null ? Long.MAX_VALUE : settings.limit();
            while (true) {
                if (cancelled) {
                    return finish(RunStatus.CANCELLED, "cancelled after " + tally.entries() + " entries; run again with --run-id "
                            + settings.runId() + " to resume", Outcome.CANCELLED);
                }
                if (tally.entries() >= limit) {
                    return finish(RunStatus.PUBLISHED, "limited to the first " + limit + " entries", Outcome.PUBLISHED);
                }
                SourceEntry entry;
                try {
                    entry = source.next();
                } catch (IOException | RuntimeException e) {
                    log.error("Reading {} failed after {} entries: {}", source.description(), tally.entries(), e.toString());
                    return finish(RunStatus.FAILED, "reading " + source.description() + " failed after "
                            + tally.entries() + " entries: " + e, Outcome.FAILED);
                }
                if (entry == null) {
                    return finish(RunStatus.PUBLISHED, null, Outcome.PUBLISHED);
                }
                if (entry instanceof ImageEntry image) {
                    records.image(image);
                    tally.countImage(image.split(), image.label());
                } else {
                    Rejection rejection = (Rejection) entry;
                    records.deadLetter(rejection);
                    tally.countRejection(rejection.reason());
                }
                if (++inChunk >= settings.commitEvery()) {
                    sendManifest(RunStatus.PUBLISHING, null, null);
                    commit(inChunk);
                    inChunk = 0;
                }
                progress.update(tally);
            }
        }

        /** Sends the final manifest inside the open transaction (with the chunk in flight) and commits both. */
        private Result finish(RunStatus status, String message, Outcome outcome) {
            String text = message;
            Map<String, Long> reasons = tally.deadLettersByReason();
            if (status == RunStatus.PUBLISHED && !source.summary().isEmpty()) {
                text = (text == null ? "" : text + "; ") + source.summary();
            }
            if (status == RunStatus.PUBLISHED && !reasons.isEmpty()) {
                text = (text == null ? "" : text + "; ") + "dead letters by reason " + reasons;
            }
            RunManifest last = sendManifest(status, text, clock.instant());
            commit(-1);
            Result result = new Result(outcome, last, reasons, resumedFrom, tally.images() - imagesAtStart, elapsed(),
                    publishing());
            metrics.runTimer().record(result.elapsed());
            log.info("{}", result.summary());
            return result;
        }

        private Result fail(RuntimeException error) {
            log.error("Run {} failed: {}", settings.runId(), error.toString());
            try {
                producer.abortTransaction();
            } catch (KafkaException abortError) {
                log.warn("Could not abort the open transaction of run {}: {}", settings.runId(), abortError.toString());
            }
            tally = committed.copy();
            RunManifest failed = manifest(RunStatus.FAILED, "publishing failed after " + committed.entries()
                    + " committed entries: " + error + "; run again with --run-id " + settings.runId() + " to resume",
                    committed, clock.instant());
            try {
                producer.beginTransaction();
                records.manifest(failed);
                producer.commitTransaction();
            } catch (KafkaException e) {
                log.error("Could not record the failure of run {} in {}: {}", settings.runId(), records.runsTopic(),
                        e.toString());
            }
            return new Result(Outcome.FAILED, failed, committed.deadLettersByReason(), resumedFrom,
                    committed.images() - imagesAtStart, elapsed(), publishing());
        }

        private RunManifest sendManifest(RunStatus status, String message, Instant finishedAt) {
            RunManifest manifest = manifest(status, message, tally, finishedAt);
            records.manifest(manifest);
            return manifest;
        }

        private RunManifest manifest(RunStatus status, String message, RunTally counts, Instant finishedAt) {
            return new RunManifest(settings.runId(), source.dataset(), source.description(), status, expected,
                    counts.images(), counts.deadLetters(), counts.splitCounts(), counts.classCounts(), startedAt,
                    clock.instant(), finishedAt, message);
        }

        /** Commits the open transaction and, unless this was the last one, begins the next. */
        private void commit(int entriesInChunk) {
            long start = System.nanoTime();
            producer.commitTransaction();
            records.throwIfASendFailed();
            metrics.commitTimer().record(Duration.ofNanos(System.nanoTime() - start));
            metrics.imagesPublished(tally.images() - committed.images());
            Map<String, Long> before = committed.deadLettersByReason();
            tally.deadLettersByReason().forEach((reason, count) -> {
                long delta = count - before.getOrDefault(reason, 0L);
                if (delta > 0) {
                    metrics.deadLetters(reason, delta);
                }
            });
            committed = tally.copy();
            if (entriesInChunk >= 0) {
                producer.beginTransaction();
            }
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        private Duration publishing() {
            return loopStartNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - loopStartNanos);
        }
    }
}
