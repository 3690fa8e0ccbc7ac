package io.ferstream.embedder;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.ferstream.embedder.duplicates.DuplicateRule;
import io.ferstream.embedder.embedding.Embedder;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.embedder.outliers.OutlierStatistics;
import io.ferstream.events.ClassStats;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.LabelVerdict;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.events.StageVerdict;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.apache.kafka.streams.state.Stores;

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
 *       algorithm exactly. The duplicate check ({@link io.ferstream.embedder.duplicates.DuplicateFinder})
 *       runs first over the same images, with its own {@code duplicates} verdict; the class statistics
 *       are computed over the images it keeps. Then the label check: each image's verdict from
 *       {@code fer label-issues} (a global store of {@code fer.label-verdicts}), flagged or, under
 *       {@link LabelRule}, removed; an image without a verdict is reported as skipped. LIVE images are decided at once against running class
 *       statistics once a class has {@code liveWarmup} images (no duplicate check: a live stream has no end).</li>
 * </ol>
 * Typical images go to {@code fer.images.typical}; TRAIN outliers, duplicates and leaks to
 * {@code fer.images.rejected}; VALIDATION and TEST ones are flagged and kept. Final class statistics go to
 * {@code fer.class-stats}. A run whose accounting stalls (an image dead-lettered upstream loses its
 * run id) is decided after {@code completionTimeout} without news, with a warning.
 */
public final class EmbedderTopology {

    public static final String STAGE = "embedder";
    /** The verdict of the duplicate check, which runs in the decide step (it needs the whole run, as the outlier rule does). */
    public static final String DUPLICATES_STAGE = "duplicates";
    /** The verdict of the label check (fer label-issues' verdicts), also in the decide step. */
    public static final String LABELS_STAGE = "labels";
    static final String SAMPLES_STORE = "embedder-samples";
    static final String UPSTREAM_REJECTS_STORE = "embedder-upstream-rejects";
    static final String RUNS_STORE = "embedder-runs";
    static final String LIVE_STORE = "embedder-live-stats";
    static final String DECIDED_STORE = "embedder-decided-runs";
    static final String DUPLICATES_STORE = "embedder-duplicates";
    /** A global store of the label verdicts topic (raw bytes: a bad record there must not stop the embedder). */
    static final String LABEL_VERDICTS_STORE = "embedder-label-verdicts";
    /** Images emitted per transaction once a run is decided, so the enhancer can start at once. */
    static final int EMIT_CHUNK = 2_000;

    /** The decision settings. */
    public record Settings(OutlierRule rule, DuplicateRule duplicates, LabelRule labels, int liveWarmup,
                           Duration completionTimeout, SplitPolicy policy, String embedderName) {
        public Settings {
            if (rule == null || duplicates == null || labels == null || policy == null) {
                throw new IllegalArgumentException("the outlier, duplicate and label rules and the split policy are required");
            }
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
                          Serde<DeadLetter> deadLetters, Serde<LabelVerdict> labelVerdicts) {
    }

    private EmbedderTopology() {
    }

    public static Topology build(TopicNames names, Settings settings, Supplier<? extends Embedder> embedders,
                                 PublicSerdes serdes, MeterRegistry registry) {
        EmbedderMetrics metrics = new EmbedderMetrics(registry);
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
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUPLICATES_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LABEL_VERDICTS_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                names.of(Topics.LABEL_VERDICTS), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("embedder-label-verdicts-source"), LabelVerdictStoreUpdater::new);
        Serde<EmbedderEvent> events = EmbedderEvent.serde();

        KStream<String, EmbedProcessor.Embedded> embedded = builder
                .stream(names.of(Topics.IMAGES_FACES), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("embedder-faces-source"))
                .processValues(() -> new EmbedProcessor(embedders, serdes.images(), metrics), Named.as("embedder-embed"));
        embedded.filter((key, value) -> value.deadLetter() != null, Named.as("embedder-embed-failed"))
                .mapValues(EmbedProcessor.Embedded::deadLetter, Named.as("embedder-dead-letter-value"))
                .to(names.of(Topics.DLQ), Produced.with(Serdes.String(), serdes.deadLetters()).withName("embedder-to-dlq"));
        KStream<String, EmbedderEvent> images = embedded
                .filter((key, value) -> value.event() != null, Named.as("embedder-embedded"))
                .map((key, value) -> KeyValue.pair(value.event().runId(), value.event()), Named.as("embedder-key-by-run"));

        KStream<String, EmbedderEvent> upstreamRejects = builder
                .stream(names.of(Topics.IMAGES_REJECTED), Consumed.with(Serdes.String(), serdes.images())
                        .withName("embedder-rejected-source"))
                .filter((key, image) -> image != null && !rejectedHere(image),
                        Named.as("embedder-upstream-only"))
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
                .process(() -> new DecideProcessor(settings, metrics, bytes -> serdes.labelVerdicts().deserializer()
                                .deserialize(names.of(Topics.LABEL_VERDICTS), bytes)), Named.as("embedder-decide"),
                        SAMPLES_STORE, UPSTREAM_REJECTS_STORE, RUNS_STORE, LIVE_STORE, DECIDED_STORE, DUPLICATES_STORE);

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

    /** The verdict stages of this service's decide step: its own rejects are not upstream rejects. */
    static final Set<String> DECIDE_STAGES = Set.of(STAGE, DUPLICATES_STAGE, LABELS_STAGE);

    /** Whether the image's last verdict (the one that routed it) is one of the decide step's. */
    static boolean rejectedHere(FaceImage image) {
        List<StageVerdict> verdicts = image.getVerdicts();
        return !verdicts.isEmpty() && DECIDE_STAGES.contains(verdicts.get(verdicts.size() - 1).getStage());
    }
}
