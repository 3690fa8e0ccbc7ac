package io.ferstream.trainer.data;

import io.ferstream.trainer.network.OnnxWriter;
import io.ferstream.model.Preprocessing;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.ids.ImageIds;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.stage.ImageValidation;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.files.GrayImages;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The cleaned images of one pipeline run, read from the cleaned topic ({@code fer train --run ID}).
 *
 * <p>A run is complete when its manifest says PUBLISHED and every published image is accounted for
 * at the end of the pipeline: on the cleaned topic, on the rejected topic, or dead-lettered by a
 * stage (a dead letter keeps the original record, so its run is known). Training on a run that is
 * still flowing would silently train on part of it, so this waits up to {@code wait} and otherwise
 * fails with the counts. Images are ordered by id so a seeded training sees the same order whatever
 * the partition interleaving.
 */
public final class CleanedRun {

    /** The stage whose verdict says the pixels were CLAHE'd, and the settings it records. */
    public static final String ENHANCER_STAGE = "enhancer";
    static final String CLIP_LIMIT = "clahe.clip_limit";
    static final String TILES = "clahe.tiles";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final String runId;
    // By id: a run republished with --force brings its images again, and each counts once.
    private final Map<String, FaceImage> kept = new HashMap<>();
    private final Set<String> rejected = new HashSet<>();
    private final Set<String> deadLettered = new HashSet<>();
    private long unattributedDeadLetters;
    private RunManifest manifest;

    private CleanedRun(String runId) {
        this.runId = runId;
    }

    /**
     * Reads run {@code runId} to its end, waiting up to {@code wait} (counted from the moment the
     * topics have been read to their ends) for the run to appear and complete.
     */
    public static TrainingData read(ConnectionConfig connection, String runId, Duration wait, PrintStream log) throws IOException {
        CleanedRun run = new CleanedRun(runId);
        run.consume(connection, wait, log);
        return run.toTrainingData(log);
    }

    private void consume(ConnectionConfig connection, Duration wait, PrintStream log) throws IOException {
        SerdeConfig serdeConfig = connection.serdeConfig();
        SchemaRegistryClient client = SchemaRegistryClients.forConfig(serdeConfig);
        Deserializer<FaceImage> images = Topics.IMAGES_CLEANED.valueSerde(client, serdeConfig).deserializer();
        Deserializer<RunManifest> manifests = Topics.RUNS.valueSerde(client, serdeConfig).deserializer();
        Deserializer<DeadLetter> letters = Topics.DLQ.valueSerde(client, serdeConfig).deserializer();
        TopicNames names = connection.topicNames();
        String cleanedTopic = names.of(Topics.IMAGES_CLEANED);
        String rejectedTopic = names.of(Topics.IMAGES_REJECTED);
        String runsTopic = names.of(Topics.RUNS);
        String dlqTopic = names.of(Topics.DLQ);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A missing topic must say "no pipeline here", not be created with the broker's defaults.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(cleanedTopic, rejectedTopic, runsTopic, dlqTopic)) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new InvalidConfigException("run", runId, "topic " + topic + " does not exist on "
                            + connection.bootstrapServers() + ": has a pipeline run there?");
                }
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            // Assigned, not subscribed: no consumer group, and every partition is read from its start.
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = Long.MAX_VALUE;
            long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String topic = record.topic();
                    if (topic.equals(runsTopic)) {
                        if (runId.equals(record.key()) && record.value() != null) {
                            manifest = manifests.deserialize(topic, record.value());
                        }
                    } else if (topic.equals(dlqTopic)) {
                        countDeadLetter(letters.deserialize(topic, record.value()), images, cleanedTopic);
                    } else {
                        FaceImage image = images.deserialize(topic, record.value());
                        if (image != null && runId.equals(image.getRunId())) {
                            if (topic.equals(cleanedTopic)) {
                                kept.put(image.getId(), image);
                            } else {
                                rejected.add(image.getId());
                            }
                        }
                    }
                }
                long now = System.nanoTime();
                // Judge only on everything written so far: an older manifest of a resumed or
                // republished run must not decide for the latest one.
                if (caughtUp(consumer, partitions)) {
                    if (deadline == Long.MAX_VALUE) {
                        deadline = now + wait.toNanos();
                    }
                    if (manifest != null && isFailed(manifest.getStatus())) {
                        throw new IOException("run " + runId + " ended " + manifest.getStatus()
                                + (manifest.getMessage() == null ? "" : ": " + manifest.getMessage()) + "; nothing to train on");
                    }
                    if (isComplete(log)) {
                        return;
                    }
                }
                if (now > deadline) {
                    if (manifest == null) {
                        throw new InvalidConfigException("run", runId, "no such run on " + runsTopic + " (waited "
                                + wait.toSeconds() + " s)");
                    }
                    throw new IOException(incompleteMessage() + " after waiting " + wait.toSeconds()
                            + " s; are all the stages running? (--wait to wait longer)");
                }
                if (now > nextProgress) {
                    log.println(incompleteMessage() + ", waiting...");
                    nextProgress = now + PROGRESS_EVERY.toNanos();
                }
            }
        }
    }

    /** A stage's dead letter keeps the image it gave up on: count it for its run. */
    private void countDeadLetter(DeadLetter letter, Deserializer<FaceImage> images, String imageTopic) {
        if (letter == null || "fetcher".equals(letter.getStage())) {
            return;
        }
        FaceImage image = null;
        if (letter.getValue() != null) {
            byte[] value = new byte[letter.getValue().remaining()];
            letter.getValue().duplicate().get(value);
            try {
                image = images.deserialize(imageTopic, value);
            } catch (RuntimeException undecodable) {
                image = null;
            }
        }
        if (image == null) {
            // Too corrupt to name its run: it may be one of ours (see isComplete).
            unattributedDeadLetters++;
        } else if (runId.equals(image.getRunId())) {
            deadLettered.add(image.getId());
        }
    }

    /**
     * Whether the latest manifest says PUBLISHED and its images are all accounted for. Dead letters
     * too corrupt to name their run close the gap only when nothing else can, with a warning.
     */
    private boolean isComplete(PrintStream log) {
        if (manifest == null || !(manifest.getStatus() == RunStatus.PUBLISHED || manifest.getStatus() == RunStatus.COMPLETED)) {
            return false;
        }
        long published = manifest.getPublishedImages();
        if (accounted() >= published) {
            return true;
        }
        if (accounted() + unattributedDeadLetters >= published) {
            log.printf("run %s: %d of %d images accounted for; taking %d dead letters without a readable run id as the rest%n",
                    runId, accounted(), published, published - accounted());
            return true;
        }
        return false;
    }

    private long accounted() {
        return kept.size() + rejected.size() + deadLettered.size();
    }

    private String incompleteMessage() {
        if (manifest == null) {
            return "run " + runId + ": no manifest yet";
        }
        return "run " + runId + " (" + manifest.getStatus() + "): " + accounted() + " of "
                + manifest.getPublishedImages() + " published images reached the end of the pipeline";
    }

    private static boolean isFailed(RunStatus status) {
        return status == RunStatus.FAILED || status == RunStatus.CANCELLED;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < ends.get(p)) {
                return false;
            }
        }
        return true;
    }

    private TrainingData toTrainingData(PrintStream log) throws IOException {
        Map<Split, ImageSet> splits = new EnumMap<>(Split.class);
        int enhanced = 0;
        int total = 0;
        int skipped = 0;
        Map<Split, List<FaceImage>> bySplit = new EnumMap<>(Split.class);
        kept.values().forEach(image -> bySplit.computeIfAbsent(image.getSplit(), s -> new ArrayList<>()).add(image));
        for (Split split : List.of(Split.TRAIN, Split.VALIDATION, Split.TEST)) {
            List<FaceImage> images = bySplit.getOrDefault(split, new ArrayList<>());
            images.sort(Comparator.comparing(FaceImage::getId, ImageIds::compare));
            List<byte[]> pixels = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (FaceImage image : images) {
                if (image.getLabel() == null || ImageValidation.invalidReason(image) != null) {
                    skipped++;
                    continue;
                }
                pixels.add(GrayImages.resize(ImageValidation.pixels(image), image.getWidth(), image.getHeight(),
                        GrayImages.SIDE, GrayImages.SIDE));
                labels.add(image.getLabel().ordinal());
                total++;
                StageVerdict enhancer = image.getVerdicts().stream().filter(v -> ENHANCER_STAGE.equals(v.getStage()))
                        .findFirst().orElse(null);
                if (enhancer != null) {
                    requireSeedClahe(enhancer, image.getId());
                    enhanced++;
                }
            }
            splits.put(split, new ImageSet(pixels.toArray(byte[][]::new), labels.stream().mapToInt(Integer::intValue).toArray()));
        }
        if (enhanced != 0 && enhanced != total) {
            throw new IOException("run " + runId + ": " + enhanced + " of " + total
                    + " cleaned images passed the enhancer; a run must be all CLAHE'd or all raw to train on");
        }
        long live = bySplit.getOrDefault(Split.LIVE, List.of()).size();
        log.printf("run %s: %d cleaned images (%d rejected, %d dead-lettered upstream)%s%n", runId, total, rejected.size(),
                deadLettered.size(),
                skipped + live > 0 ? "; skipped " + (skipped + live) + " without a label, with invalid pixels or LIVE" : "");
        return new TrainingData(splits, "run " + runId, runId, total > 0 && enhanced == total);
    }

    /**
     * The model's card promises the seed CLAHE; pixels the enhancer equalised with other settings
     * would train a model that disagrees with its own card.
     */
    private void requireSeedClahe(StageVerdict enhancer, String imageId) throws IOException {
        Double clip = enhancer.getThresholds().get(CLIP_LIMIT);
        Double tiles = enhancer.getThresholds().get(TILES);
        Preprocessing seed = OnnxWriter.CONTRACT;
        if ((clip != null && clip != seed.clahe().clipLimit()) || (tiles != null && tiles != seed.clahe().tiles())) {
            throw new IOException("run " + runId + ": image " + imageId + " was enhanced with CLAHE clip limit " + clip
                    + " and " + tiles + " tiles, but the seed model's contract is " + seed.clahe().clipLimit() + " and "
                    + seed.clahe().tiles() + "; run the enhancer with the seed settings to train on this run");
        }
    }
}
