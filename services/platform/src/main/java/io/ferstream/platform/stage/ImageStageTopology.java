package io.ferstream.platform.stage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.StageVerdict;
import io.ferstream.platform.dlq.DeadLetters;
import io.ferstream.platform.topics.FerTopic;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The one topology of every filter stage: read images, judge each with the stage's
 * {@link ImageJudge}, and route it.
 *
 * <ul>
 *   <li>passed → the stage's output topic;</li>
 *   <li>failed and its split is enforced (TRAIN by default) → {@code fer.images.rejected};</li>
 *   <li>failed but its split is not enforced (VALIDATION, TEST) → the output topic, flagged
 *       ({@code enforced=false}) so evaluation still sees every test image;</li>
 *   <li>undecodable or invalid records, and judge errors → {@code fer.dlq} with the original bytes.</li>
 * </ul>
 * Scores are added to the image as {@code <stage>.<score>}, and a {@link StageVerdict} is appended.
 * Values are read as bytes and decoded here, so a bad record becomes a dead letter instead of
 * stopping the stream thread.
 */
public final class ImageStageTopology {

    /**
     * What a stage is: its name (used in verdicts, metrics and dead letters), its topics, and every
     * reason its judge can fail an image with (so the reason counters exist at 0 from the start).
     */
    public record Spec(String stage, FerTopic<FaceImage> input, FerTopic<FaceImage> output, SplitPolicy policy,
                       List<String> failureReasons) {
        public Spec {
            failureReasons = List.copyOf(failureReasons);
        }
    }

    /** Why a record became a dead letter: the {@code reason} tag of {@code fer_<stage>_dead_letters_total}. */
    public enum DeadLetterReason {
        UNDECODABLE, NULL_VALUE, INVALID_IMAGE, JUDGE_ERROR;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ImageStageTopology() {
    }

    public static Topology build(Spec spec, TopicNames names, Supplier<? extends ImageJudge> judges,
                                 Serde<FaceImage> imageSerde, Serde<DeadLetter> deadLetterSerde, StageMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Routed> routed = builder
                .stream(names.of(spec.input()), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName(spec.stage() + "-source"))
                .processValues(() -> new JudgeProcessor(spec, judges, imageSerde.deserializer(), metrics),
                        Named.as(spec.stage() + "-judge"));
        routed.split(Named.as(spec.stage() + "-"))
                .branch((key, value) -> value.deadLetter() != null, Branched.withConsumer(dead -> dead
                        .mapValues(Routed::deadLetter, Named.as(spec.stage() + "-dead-letter-value"))
                        .to(names.of(Topics.DLQ), Produced.with(Serdes.String(), deadLetterSerde)
                                .withName(spec.stage() + "-to-dlq")), "dlq"))
                .branch((key, value) -> value.toOutput(), Branched.withConsumer(pass -> pass
                        .mapValues(Routed::image, Named.as(spec.stage() + "-output-value"))
                        .to(names.of(spec.output()), Produced.with(Serdes.String(), imageSerde)
                                .withName(spec.stage() + "-to-output")), "output"))
                .defaultBranch(Branched.withConsumer(reject -> reject
                        .mapValues(Routed::image, Named.as(spec.stage() + "-rejected-value"))
                        .to(names.of(Topics.IMAGES_REJECTED), Produced.with(Serdes.String(), imageSerde)
                                .withName(spec.stage() + "-to-rejected")), "rejected"));
        return builder.build();
    }

    /** Where one input record goes: exactly one of image (output or rejected) or dead letter. */
    record Routed(FaceImage image, boolean toOutput, DeadLetter deadLetter) {
    }

    /** Applies a judgement to the image: scores, verdict, new pixels, and the routing decision. */
    static Routed route(String stage, SplitPolicy policy, FaceImage image, Judgement judgement) {
        Map<String, Double> scores = new HashMap<>(image.getScores());
        judgement.scores().forEach((name, value) -> scores.put(stage + "." + name, value));
        boolean enforced = judgement.passed() || policy.removes(image.getSplit());
        List<StageVerdict> verdicts = new ArrayList<>(image.getVerdicts());
        verdicts.add(StageVerdict.newBuilder()
                .setStage(stage).setPassed(judgement.passed()).setEnforced(enforced)
                .setReason(judgement.reason()).setThresholds(judgement.thresholds()).build());
        FaceImage.Builder next = FaceImage.newBuilder(image).setScores(scores).setVerdicts(verdicts);
        if (judgement.newPixels() != null) {
            next.setPixels(judgement.newPixels());
        }
        return new Routed(next.build(), judgement.passed() || !enforced, null);
    }

    private static final class JudgeProcessor implements FixedKeyProcessor<String, byte[], Routed> {

        private final Spec spec;
        private final Supplier<? extends ImageJudge> judges;
        private final Deserializer<FaceImage> deserializer;
        private final StageMetrics metrics;
        private FixedKeyProcessorContext<String, Routed> context;
        private ImageJudge judge;

        JudgeProcessor(Spec spec, Supplier<? extends ImageJudge> judges, Deserializer<FaceImage> deserializer,
                       StageMetrics metrics) {
            this.spec = spec;
            this.judges = judges;
            this.deserializer = deserializer;
            this.metrics = metrics;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Routed> context) {
            this.context = context;
            this.judge = judges.get();
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            metrics.in();
            String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(spec.input().name());
            FaceImage image;
            try {
                image = deserializer.deserialize(topic, record.value());
            } catch (RuntimeException e) {
                deadLetter(record, DeadLetterReason.UNDECODABLE, e);
                return;
            }
            if (image == null) {
                deadLetter(record, DeadLetterReason.NULL_VALUE, new IllegalArgumentException("record has no value (tombstone)"));
                return;
            }
            String invalid = ImageValidation.invalidReason(image);
            if (invalid != null) {
                deadLetter(record, DeadLetterReason.INVALID_IMAGE, new IllegalArgumentException(invalid));
                return;
            }
            Judgement judgement;
            try {
                judgement = metrics.judgeTime().record(() -> judge.judge(image));
            } catch (RuntimeException e) {
                deadLetter(record, DeadLetterReason.JUDGE_ERROR, e);
                return;
            }
            Routed routed = route(spec.stage(), spec.policy(), image, judgement);
            if (judgement.passed()) {
                metrics.passed();
            } else if (routed.toOutput()) {
                metrics.flagged(judgement.reason());
            } else {
                metrics.rejected(judgement.reason());
            }
            context.forward(record.withValue(routed));
        }

        private void deadLetter(FixedKeyRecord<String, byte[]> record, DeadLetterReason reason, Exception error) {
            metrics.deadLetter(reason);
            RecordMetadata meta = context.recordMetadata().orElse(null);
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            DeadLetter letter = DeadLetters.ofRecord(spec.stage(),
                    meta == null ? spec.input().name() : meta.topic(),
                    meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(),
                    key, record.value(), error);
            context.forward(record.withValue(new Routed(null, false, letter)));
        }

        @Override
        public void close() {
            if (judge != null) {
                judge.close();
            }
        }
    }
}
