package io.ferstream.embedder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.ferstream.embedder.embedding.Embedder;
import io.ferstream.embedder.outliers.ClassStatistics;
import io.ferstream.embedder.outliers.OnlineClassStatistics;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.embedder.outliers.OutlierStatistics;
import io.ferstream.embedder.outliers.Sample;
import io.ferstream.events.ClassStats;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.dlq.DeadLetters;
import io.ferstream.platform.stage.ImageValidation;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedder: per-class outlier removal on embeddings, in two steps.
 *
 * <ol>
 *   <li><b>Embed</b> (stateless, scales with the partitions of {@code fer.images.faces}): decode,
 *       validate, embed; bad records go to the DLQ.</li>
 *   <li><b>Decide</b>, keyed by run id: embedded images, images rejected upstream and run manifests
 *       are merged into one stream. A finite run's images wait in a state store until accounting
 *       says the run is complete ({@code arrived + rejected upstream = published}); then the batch
 *       rule ({@link OutlierStatistics}) runs once over all of them, so the result equals the batch
 *       algorithm exactly. LIVE images are decided at once against running class statistics once a
 *       class has {@code liveWarmup} images.</li>
 * </ol>
 * Typical images go to {@code fer.images.typical}; TRAIN outliers to {@code fer.images.rejected};
 * VALIDATION and TEST outliers are flagged and kept. Final class statistics go to
 * {@code fer.class-stats}. A run whose accounting stalls (an image dead-lettered upstream loses its
 * run id) is decided after {@code completionTimeout} without news, with a warning.
 */
public final class EmbedderTopology {

    public static final String STAGE = "embedder";
    static final String SAMPLES_STORE = "embedder-samples";
    static final String UPSTREAM_REJECTS_STORE = "embedder-upstream-rejects";
    static final String RUNS_STORE = "embedder-runs";
    static final String LIVE_STORE = "embedder-live-stats";
    static final String DECIDED_STORE = "embedder-decided-runs";
    /** Images emitted per transaction once a run is decided, so the enhancer can start at once. */
    static final int EMIT_CHUNK = 2_000;
    private static final char SEPARATOR = '\u0001';
    private static final Logger log = LoggerFactory.getLogger(EmbedderTopology.class);

    /** The decision settings. */
    public record Settings(OutlierRule rule, int liveWarmup, Duration completionTimeout, SplitPolicy policy,
                           String embedderName) {
        public Settings {
            if (liveWarmup < 1) {
                throw new InvalidConfigException("live-warmup", liveWarmup, "must be >= 1");
            }
            if (completionTimeout == null || completionTimeout.isNegative() || completionTimeout.isZero()) {
                throw new InvalidConfigException("completion-timeout", completionTimeout, "must be positive");
            }
        }
    }

    /** The serdes of the public topics this topology touches. */
    public record PublicSerdes(Serde<FaceImage> images, Serde<RunManifest> manifests, Serde<ClassStats> classStats,
                          Serde<DeadLetter> deadLetters) {
    }

    private EmbedderTopology() {
    }

    public static Topology build(TopicNames names, Settings settings, Supplier<? extends Embedder> embedders,
                                 PublicSerdes serdes, MeterRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SAMPLES_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UPSTREAM_REJECTS_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUNS_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LIVE_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECIDED_STORE),
                Serdes.String(), Serdes.ByteArray()));
        Serde<EmbedderEvent> events = EmbedderEvent.serde();

        KStream<String, Embedded> embedded = builder
                .stream(names.of(Topics.IMAGES_FACES), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("embedder-faces-source"))
                .processValues(() -> new EmbedProcessor(embedders, serdes.images(), registry), Named.as("embedder-embed"));
        embedded.filter((key, value) -> value.deadLetter() != null, Named.as("embedder-embed-failed"))
                .mapValues(Embedded::deadLetter, Named.as("embedder-dead-letter-value"))
                .to(names.of(Topics.DLQ), Produced.with(Serdes.String(), serdes.deadLetters()).withName("embedder-to-dlq"));
        KStream<String, EmbedderEvent> images = embedded
                .filter((key, value) -> value.event() != null, Named.as("embedder-embedded"))
                .map((key, value) -> KeyValue.pair(value.event().runId(), value.event()), Named.as("embedder-key-by-run"));

        KStream<String, EmbedderEvent> upstreamRejects = builder
                .stream(names.of(Topics.IMAGES_REJECTED), Consumed.with(Serdes.String(), serdes.images())
                        .withName("embedder-rejected-source"))
                .filter((key, image) -> image != null && !rejectedBy(image, STAGE), Named.as("embedder-upstream-only"))
                .map((key, image) -> KeyValue.pair(image.getRunId(),
                        EmbedderEvent.rejectedUpstream(image.getRunId(), image.getId())), Named.as("embedder-reject-event"));

        KStream<String, EmbedderEvent> manifests = builder
                .stream(names.of(Topics.RUNS), Consumed.with(Serdes.String(), serdes.manifests())
                        .withName("embedder-runs-source"))
                .filter((runId, manifest) -> manifest != null, Named.as("embedder-manifests"))
                .mapValues((runId, manifest) -> EmbedderEvent.manifest(runId, publishedCount(manifest)),
                        Named.as("embedder-manifest-event"));

        KStream<String, Decision> decisions = images
                .merge(upstreamRejects, Named.as("embedder-merge-rejects"))
                .merge(manifests, Named.as("embedder-merge-manifests"))
                .repartition(Repartitioned.with(Serdes.String(), events).withName("embedder-by-run"))
                .process(() -> new DecideProcessor(settings, registry), Named.as("embedder-decide"),
                        SAMPLES_STORE, UPSTREAM_REJECTS_STORE, RUNS_STORE, LIVE_STORE, DECIDED_STORE);

        decisions.split(Named.as("embedder-route-"))
                .branch((key, d) -> d.classStats() != null, Branched.withConsumer(stats -> stats
                        .mapValues(Decision::classStats, Named.as("embedder-class-stats-value"))
                        .to(names.of(Topics.CLASS_STATS), Produced.with(Serdes.String(), serdes.classStats())
                                .withName("embedder-to-class-stats")), "stats"))
                .branch((key, d) -> d.toOutput(), Branched.withConsumer(typical -> typical
                        .mapValues(Decision::image, Named.as("embedder-typical-value"))
                        .to(names.of(Topics.IMAGES_TYPICAL), Produced.with(Serdes.String(), serdes.images())
                                .withName("embedder-to-typical")), "typical"))
                .defaultBranch(Branched.withConsumer(outliers -> outliers
                        .mapValues(Decision::image, Named.as("embedder-outlier-value"))
                        .to(names.of(Topics.IMAGES_REJECTED), Produced.with(Serdes.String(), serdes.images())
                                .withName("embedder-to-rejected")), "outlier"));
        return builder.build();
    }

    /** -1 until the fetcher has finished publishing the run. */
    static long publishedCount(RunManifest manifest) {
        return manifest.getStatus() == RunStatus.PUBLISHED || manifest.getStatus() == RunStatus.COMPLETED
                ? manifest.getPublishedImages() : -1;
    }

    static boolean rejectedBy(FaceImage image, String stage) {
        List<StageVerdict> verdicts = image.getVerdicts();
        return !verdicts.isEmpty() && stage.equals(verdicts.get(verdicts.size() - 1).getStage());
    }

    /** The result of the embed step: an event to decide on, or a dead letter. */
    record Embedded(EmbedderEvent event, DeadLetter deadLetter) {
    }

    /** One output of the decide step: an image (typical or outlier) or a class's statistics. */
    record Decision(FaceImage image, boolean toOutput, ClassStats classStats) {
    }

    private static final class EmbedProcessor implements FixedKeyProcessor<String, byte[], Embedded> {

        private final Supplier<? extends Embedder> embedders;
        private final Serde<FaceImage> images;
        private final Timer embedTime;
        private final MeterRegistry registry;
        private FixedKeyProcessorContext<String, Embedded> context;
        private Embedder embedder;

        EmbedProcessor(Supplier<? extends Embedder> embedders, Serde<FaceImage> images, MeterRegistry registry) {
            this.embedders = embedders;
            this.images = images;
            this.registry = registry;
            this.embedTime = Timer.builder("fer_embedder_embed_seconds").description("Time to embed one image")
                    .register(registry);
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Embedded> context) {
            this.context = context;
            this.embedder = embedders.get();
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            registry.counter("fer_embedder_images_in").increment();
            String topic = context.recordMetadata().map(m -> m.topic()).orElse(Topics.IMAGES_FACES.name());
            FaceImage image;
            try {
                image = images.deserializer().deserialize(topic, record.value());
                String invalid = image == null ? "record has no value" : ImageValidation.invalidReason(image);
                if (invalid != null) {
                    throw new IllegalArgumentException(invalid);
                }
            } catch (RuntimeException e) {
                deadLetter(record, "invalid_image", e);
                return;
            }
            float[] embedding;
            try {
                byte[] pixels = ImageValidation.pixels(image);
                embedding = embedTime.record(() -> embedder.embed(image.getWidth(), image.getHeight(), pixels));
            } catch (RuntimeException e) {
                deadLetter(record, "embed_error", e);
                return;
            }
            context.forward(record.withValue(new Embedded(EmbedderEvent.image(image, embedding), null)));
        }

        private void deadLetter(FixedKeyRecord<String, byte[]> record, String category, Exception error) {
            registry.counter("fer_embedder_dead_letters", "reason", category).increment();
            var meta = context.recordMetadata();
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            DeadLetter letter = DeadLetters.ofRecord(STAGE, meta.map(m -> m.topic()).orElse(Topics.IMAGES_FACES.name()),
                    meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L), key, record.value(), error);
            context.forward(record.withValue(new Embedded(null, letter)));
        }

        @Override
        public void close() {
            if (embedder != null) {
                embedder.close();
            }
        }
    }

    private static final class DecideProcessor implements Processor<String, EmbedderEvent, String, Decision> {

        private final Settings settings;
        private final MeterRegistry registry;
        private ProcessorContext<String, Decision> context;
        private KeyValueStore<String, byte[]> samples;
        private KeyValueStore<String, byte[]> upstreamRejects;
        private KeyValueStore<String, byte[]> runs;
        private KeyValueStore<String, byte[]> liveStats;
        private KeyValueStore<String, byte[]> decidedRuns;

        DecideProcessor(Settings settings, MeterRegistry registry) {
            this.settings = settings;
            this.registry = registry;
        }

        @Override
        public void init(ProcessorContext<String, Decision> context) {
            this.context = context;
            this.samples = context.getStateStore(SAMPLES_STORE);
            this.upstreamRejects = context.getStateStore(UPSTREAM_REJECTS_STORE);
            this.runs = context.getStateStore(RUNS_STORE);
            this.liveStats = context.getStateStore(LIVE_STORE);
            this.decidedRuns = context.getStateStore(DECIDED_STORE);
            context.schedule(Duration.ofMillis(100), PunctuationType.WALL_CLOCK_TIME, now -> emitDecidedRuns());
            Duration every = settings.completionTimeout().dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1) : settings.completionTimeout().dividedBy(4);
            context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::decideStalledRuns);
        }

        @Override
        public void process(Record<String, EmbedderEvent> record) {
            EmbedderEvent event = record.value();
            long now = System.currentTimeMillis();
            String runId = event.runId();
            RunProgress progress = RunProgress.decode(runs.get(runId));
            switch (event.kind()) {
                case IMAGE -> {
                    if (event.image().getSplit() == Split.LIVE) {
                        decideLive(event);
                        return;
                    }
                    if (progress.decided()) {
                        log.warn("Run {}: image {} arrived after the run was decided; kept unjudged", runId, event.imageId());
                        emitLate(event.image());
                        return;
                    }
                    String key = runId + SEPARATOR + event.imageId();
                    if (samples.get(key) == null) {
                        samples.put(key, EmbedderEvent.encode(event));
                        progress = progress.withArrival(now);
                    }
                }
                case REJECTED_UPSTREAM -> {
                    String key = runId + SEPARATOR + event.imageId();
                    if (!progress.decided() && upstreamRejects.get(key) == null) {
                        upstreamRejects.put(key, new byte[0]);
                        progress = progress.withUpstreamReject(now);
                    }
                }
                case MANIFEST -> progress = progress.withPublished(event.publishedImages(), now);
                default -> throw new IllegalStateException("unknown event " + event.kind());
            }
            if (!progress.decided() && progress.complete()) {
                decide(runId, progress, now);
            } else {
                runs.put(runId, progress.encode());
            }
        }

        private void decideStalledRuns(long now) {
            List<KeyValue<String, RunProgress>> stalled = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> all = runs.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> entry = all.next();
                    RunProgress progress = RunProgress.decode(entry.value);
                    if (!progress.decided() && progress.published() >= 0
                            && now - progress.lastEventMillis() > settings.completionTimeout().toMillis()) {
                        stalled.add(KeyValue.pair(entry.key, progress));
                    }
                }
            }
            for (KeyValue<String, RunProgress> run : stalled) {
                log.warn("Run {}: {} of {} images never reached the embedder nor a reject topic (dead-lettered?);"
                        + " deciding with the {} that did after {} without news", run.key, run.value.missing(),
                        run.value.published(), run.value.arrived(), settings.completionTimeout());
                registry.counter("fer_embedder_runs_incomplete").increment();
                decide(run.key, run.value, now);
            }
        }

        /**
         * Runs the batch rule once over the embeddings of every sample of the run (id order), keeps
         * the resulting class statistics, publishes them, and starts emitting the run's images.
         */
        private void decide(String runId, RunProgress progress, long now) {
            List<Sample> run = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = samples.prefixScan(runId + SEPARATOR, Serdes.String().serializer())) {
                it.forEachRemaining(entry -> run.add(EmbedderEvent.decodeSample(entry.value)));
            }
            Map<Emotion, ClassStatistics> stats = OutlierStatistics.compute(run, settings.rule());
            stats.forEach((label, s) -> context.forward(new Record<>(runId + "/" + label,
                    new Decision(null, false, classStats(runId, label, s, true)), context.currentSystemTimeMs())));
            decidedRuns.put(runId, new DecidedRun(stats, 0).encode());
            runs.put(runId, progress.asDecided(now).encode());
            registry.counter("fer_embedder_runs_decided").increment();
            log.info("Run {} decided: statistics of {} classes over {} images ({} rejected upstream); emitting", runId,
                    stats.size(), run.size(), progress.rejectedUpstream());
            emitChunk(runId);
        }

        private void emitDecidedRuns() {
            List<String> pending = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> all = decidedRuns.all()) {
                all.forEachRemaining(entry -> pending.add(entry.key));
            }
            pending.forEach(this::emitChunk);
        }

        /** Emits (and forgets) up to {@link #EMIT_CHUNK} images of a decided run; finishes the run when none are left. */
        private void emitChunk(String runId) {
            DecidedRun decided = DecidedRun.decode(decidedRuns.get(runId));
            List<String> keys = new ArrayList<>(EMIT_CHUNK);
            int outliers = 0;
            boolean more;
            try (KeyValueIterator<String, byte[]> it = samples.prefixScan(runId + SEPARATOR, Serdes.String().serializer())) {
                while (keys.size() < EMIT_CHUNK && it.hasNext()) {
                    KeyValue<String, byte[]> entry = it.next();
                    keys.add(entry.key);
                    EmbedderEvent event = EmbedderEvent.decode(entry.value);
                    Decision decision = judge(event.image(), event.embedding(),
                            decided.stats().get(event.image().getLabel()));
                    if (!decision.toOutput()) {
                        outliers++;
                    }
                    context.forward(new Record<>(event.imageId(), decision, context.currentSystemTimeMs()));
                }
                more = it.hasNext();
            }
            keys.forEach(samples::delete);
            if (more) {
                decidedRuns.put(runId, decided.withOutliers(outliers).encode());
                return;
            }
            decidedRuns.delete(runId);
            List<String> rejectKeys = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = upstreamRejects.prefixScan(runId + SEPARATOR,
                    Serdes.String().serializer())) {
                it.forEachRemaining(entry -> rejectKeys.add(entry.key));
            }
            rejectKeys.forEach(upstreamRejects::delete);
            log.info("Run {} emitted: {} outliers removed or flagged", runId, decided.outliers() + outliers);
        }

        private Decision judge(FaceImage image, float[] embedding, ClassStatistics stats) {
            if (image.getLabel() == null || stats == null) {
                registry.counter("fer_embedder_images_typical").increment();
                return new Decision(withVerdict(image, true, null, Double.NaN, Double.NaN), true, null);
            }
            double distance = OutlierStatistics.cosineDistance(embedding, stats.centroid());
            boolean outlier = stats.isOutlier(distance);
            return route(image, outlier, distance, stats.small() ? Double.NaN : stats.threshold());
        }

        private Decision route(FaceImage image, boolean outlier, double distance, double threshold) {
            FaceImage judged = withVerdict(image, !outlier, outlier ? "outlier" : null, distance, threshold);
            if (!outlier) {
                registry.counter("fer_embedder_images_typical").increment();
                return new Decision(judged, true, null);
            }
            if (settings.policy().removes(image.getSplit())) {
                registry.counter("fer_embedder_images_rejected", "reason", "outlier").increment();
                return new Decision(judged, false, null);
            }
            registry.counter("fer_embedder_images_flagged", "reason", "outlier").increment();
            return new Decision(judged, true, null);
        }

        private FaceImage withVerdict(FaceImage image, boolean passed, String reason, double distance, double threshold) {
            Map<String, Double> scores = new HashMap<>(image.getScores());
            if (!Double.isNaN(distance)) {
                scores.put(STAGE + ".distance", distance);
            }
            Map<String, Double> thresholds = new LinkedHashMap<>();
            thresholds.put("k", settings.rule().k());
            thresholds.put("min_group_size", (double) settings.rule().minGroupSize());
            if (!Double.isNaN(threshold)) {
                thresholds.put("distance.max", threshold);
            }
            List<StageVerdict> verdicts = new ArrayList<>(image.getVerdicts());
            verdicts.add(StageVerdict.newBuilder().setStage(STAGE).setPassed(passed)
                    .setEnforced(passed || settings.policy().removes(image.getSplit()))
                    .setReason(reason).setThresholds(thresholds).build());
            return FaceImage.newBuilder(image).setScores(scores).setVerdicts(verdicts).build();
        }

        private void emitLate(FaceImage image) {
            registry.counter("fer_embedder_images_late").increment();
            context.forward(new Record<>(image.getId(), new Decision(withVerdict(image, true, null, Double.NaN, Double.NaN),
                    true, null), context.currentSystemTimeMs()));
        }

        /** LIVE: decide now against the running statistics, then let the image update them. */
        private void decideLive(EmbedderEvent event) {
            FaceImage image = event.image();
            if (image.getLabel() == null) {
                context.forward(new Record<>(image.getId(), new Decision(withVerdict(image, true, null, Double.NaN,
                        Double.NaN), true, null), context.currentSystemTimeMs()));
                return;
            }
            String key = "live/" + image.getLabel();
            OnlineClassStatistics stats = OnlineClassStatistics.decode(liveStats.get(key));
            double distance = stats.distance(event.embedding());
            boolean warm = stats.count() >= settings.liveWarmup();
            double threshold = stats.distanceMean() + settings.rule().k() * stats.distanceStd();
            boolean outlier = warm && !(distance < threshold);
            stats.add(event.embedding());
            liveStats.put(key, stats.encode());
            context.forward(new Record<>(image.getId(), route(image, outlier, distance, warm ? threshold : Double.NaN),
                    context.currentSystemTimeMs()));
            if (stats.count() % 100 == 0) {
                ClassStatistics snapshot = new ClassStatistics((int) stats.count(), stats.centroid(), stats.distanceMean(),
                        stats.distanceStd(), threshold, !warm);
                context.forward(new Record<>("live/" + image.getLabel(),
                        new Decision(null, false, classStats("live", image.getLabel(), snapshot, false)),
                        context.currentSystemTimeMs()));
            }
        }

        private ClassStats classStats(String runId, Emotion label, ClassStatistics s, boolean isFinal) {
            List<Float> centroid = new ArrayList<>(s.centroid().length);
            for (double value : s.centroid()) {
                centroid.add((float) value);
            }
            return ClassStats.newBuilder().setRunId(runId).setLabel(label).setEmbedding(settings.embedderName())
                    .setCount(s.count()).setCentroid(centroid).setDistanceMean(s.distanceMean())
                    .setDistanceStd(s.distanceStd()).setK(settings.rule().k()).setThreshold(s.threshold())
                    .setMinGroupSize(settings.rule().minGroupSize()).setFinal$(isFinal)
                    .setUpdatedAt(Instant.now()).build();
        }
    }
}
