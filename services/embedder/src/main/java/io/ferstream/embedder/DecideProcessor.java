package io.ferstream.embedder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.ferstream.embedder.duplicates.DuplicateFinder;
import io.ferstream.embedder.duplicates.DuplicateGroups;
import io.ferstream.embedder.outliers.ClassStatistics;
import io.ferstream.embedder.outliers.OnlineClassStatistics;
import io.ferstream.embedder.outliers.OutlierStatistics;
import io.ferstream.embedder.outliers.Sample;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.LabelVerdict;
import io.ferstream.events.Split;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decide step, keyed by run id: keeps a finite run's embedded images in a state store until the
 * run's accounting says it is complete ({@code arrived + rejected upstream = published}, or no news
 * for {@code completionTimeout}), then runs the batch rule once over all of them and emits the run's
 * images in chunks; decides LIVE images at once against running class statistics.
 */
final class DecideProcessor implements Processor<String, EmbedderEvent, String, Decision> {

    private static final Logger log = LoggerFactory.getLogger(DecideProcessor.class);
    private static final char SEPARATOR = '\u0001';
    private static final int EMIT_CHUNK = EmbedderTopology.EMIT_CHUNK;


    private final EmbedderTopology.Settings settings;
    private final EmbedderMetrics metrics;
    private final OutlierVerdicts verdicts;
    private final DuplicateVerdicts duplicateVerdicts;
    private final LabelVerdicts labelVerdicts;
    private final Function<byte[], LabelVerdict> labelVerdictDecoder;
    private ProcessorContext<String, Decision> context;
    private KeyValueStore<String, byte[]> samples;
    private KeyValueStore<String, byte[]> upstreamRejects;
    private KeyValueStore<String, byte[]> runs;
    private KeyValueStore<String, byte[]> liveStats;
    private KeyValueStore<String, byte[]> decidedRuns;
    private KeyValueStore<String, byte[]> duplicates;
    private KeyValueStore<String, byte[]> labelVerdictStore;

    DecideProcessor(EmbedderTopology.Settings settings, EmbedderMetrics metrics, Function<byte[], LabelVerdict> labelVerdictDecoder) {
        this.settings = settings;
        this.metrics = metrics;
        this.verdicts = new OutlierVerdicts(settings, metrics);
        this.duplicateVerdicts = new DuplicateVerdicts(settings, metrics);
        this.labelVerdicts = new LabelVerdicts(settings, metrics);
        this.labelVerdictDecoder = labelVerdictDecoder;
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        this.samples = context.getStateStore(EmbedderTopology.SAMPLES_STORE);
        this.upstreamRejects = context.getStateStore(EmbedderTopology.UPSTREAM_REJECTS_STORE);
        this.runs = context.getStateStore(EmbedderTopology.RUNS_STORE);
        this.liveStats = context.getStateStore(EmbedderTopology.LIVE_STORE);
        this.decidedRuns = context.getStateStore(EmbedderTopology.DECIDED_STORE);
        this.duplicates = context.getStateStore(EmbedderTopology.DUPLICATES_STORE);
        this.labelVerdictStore = context.getStateStore(EmbedderTopology.LABEL_VERDICTS_STORE);
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
            metrics.runIncomplete();
            decide(run.key, run.value, now);
        }
    }

    /**
     * Runs the duplicate check, then the outlier rule over the images it keeps, once over every
     * sample of the run (the same result in any arrival order); keeps both results in state stores,
     * publishes the class statistics, and starts emitting the run's images.
     */
    private void decide(String runId, RunProgress progress, long now) {
        List<EmbedderEvent.Header> run = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = samples.prefixScan(runId + SEPARATOR, Serdes.String().serializer())) {
            it.forEachRemaining(entry -> run.add(EmbedderEvent.decodeHeader(entry.value)));
        }
        DuplicateGroups groups = settings.duplicates().enabled()
                ? DuplicateFinder.find(run.stream().map(EmbedderEvent.Header::hashed).toList(), settings.duplicates().maxDistance())
                : DuplicateGroups.NONE;
        groups.members().forEach((imageId, membership) ->
                duplicates.put(runId + SEPARATOR + imageId, DuplicateVerdicts.encode(membership)));
        List<Sample> kept = run.stream()
                .filter(header -> !duplicateVerdicts.removes(groups.of(header.sample().id()), header.sample().split()))
                .filter(header -> !labelVerdicts.removes(labelVerdict(header.sample().id()), header.sample().split(),
                        header.sample().label()))
                .map(EmbedderEvent.Header::sample).toList();
        Map<Emotion, ClassStatistics> stats = OutlierStatistics.compute(kept, settings.rule());
        stats.forEach((label, s) -> context.forward(new Record<>(runId + "/" + label,
                new Decision(null, false, verdicts.classStats(runId, label, s, true)), context.currentSystemTimeMs())));
        decidedRuns.put(runId, new DecidedRun(stats, 0).encode());
        runs.put(runId, progress.asDecided(now).encode());
        metrics.runDecided();
        if (settings.duplicates().enabled()) {
            log.info("Run {}: duplicate check (Hamming distance <= {}): {}", runId, settings.duplicates().maxDistance(),
                    groups.figures());
        }
        log.info("Run {} decided: statistics of {} classes over {} images ({} rejected upstream); emitting", runId,
                stats.size(), kept.size(), progress.rejectedUpstream());
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
        int removed = 0;
        boolean more;
        try (KeyValueIterator<String, byte[]> it = samples.prefixScan(runId + SEPARATOR, Serdes.String().serializer())) {
            while (keys.size() < EMIT_CHUNK && it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                keys.add(entry.key);
                EmbedderEvent event = EmbedderEvent.decode(entry.value);
                Decision decision = judge(event, DuplicateVerdicts.decode(duplicates.get(entry.key)), decided);
                if (!decision.toOutput()) {
                    removed++;
                }
                context.forward(new Record<>(event.imageId(), decision, context.currentSystemTimeMs()));
            }
            more = it.hasNext();
        }
        keys.forEach(samples::delete);
        keys.forEach(duplicates::delete);
        if (more) {
            decidedRuns.put(runId, decided.withRemoved(removed).encode());
            return;
        }
        decidedRuns.delete(runId);
        List<String> rejectKeys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = upstreamRejects.prefixScan(runId + SEPARATOR,
                Serdes.String().serializer())) {
            it.forEachRemaining(entry -> rejectKeys.add(entry.key));
        }
        rejectKeys.forEach(upstreamRejects::delete);
        log.info("Run {} emitted: {} duplicates and outliers removed", runId, decided.removed() + removed);
    }

    /** The duplicate check's verdict, then the label check's, then the outlier rule's, stopping at a removal. */
    private Decision judge(EmbedderEvent event, DuplicateGroups.Membership membership, DecidedRun decided) {
        FaceImage image = event.image();
        if (settings.duplicates().enabled()) {
            JudgedImage judged = duplicateVerdicts.judge(image, membership);
            if (judged.removed()) {
                return new Decision(judged.image(), false, null);
            }
            image = judged.image();
        }
        JudgedImage labelled = labelVerdicts.judge(image, labelVerdict(image.getId()));
        if (labelled.removed()) {
            return new Decision(labelled.image(), false, null);
        }
        image = labelled.image();
        return verdicts.judge(image, event.embedding(), decided.stats().get(image.getLabel()));
    }

    /** The label verdict of an image, or null: none published, or one that cannot be read (logged once per image). */
    private LabelVerdict labelVerdict(String imageId) {
        byte[] bytes = labelVerdictStore.get(imageId);
        if (bytes == null) {
            return null;
        }
        try {
            return labelVerdictDecoder.apply(bytes);
        } catch (RuntimeException e) {
            log.warn("The label verdict of {} cannot be read ({}); its label check is skipped", imageId, e.toString());
            return null;
        }
    }

    private void emitLate(FaceImage image) {
        metrics.late();
        context.forward(new Record<>(image.getId(), verdicts.unjudged(image), context.currentSystemTimeMs()));
    }

    /** LIVE: decide now against the running statistics, then let the image update them. */
    private void decideLive(EmbedderEvent event) {
        FaceImage image = event.image();
        if (image.getLabel() == null) {
            context.forward(new Record<>(image.getId(), verdicts.unjudged(image), context.currentSystemTimeMs()));
            return;
        }
        String key = "live/" + image.getLabel();
        OnlineClassStatistics stats = OnlineClassStatistics.decode(liveStats.get(key));
        OutlierVerdicts.LiveJudgement judgement = verdicts.judgeLive(image, event.embedding(), stats);
        liveStats.put(key, stats.encode());
        context.forward(new Record<>(image.getId(), judgement.decision(), context.currentSystemTimeMs()));
        if (judgement.classStats() != null) {
            context.forward(new Record<>(key, new Decision(null, false, judgement.classStats()),
                    context.currentSystemTimeMs()));
        }
    }
}
