package io.ferstream.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import io.ferstream.embedder.duplicates.DuplicateFinder;
import io.ferstream.embedder.duplicates.DuplicateGroups;
import io.ferstream.embedder.duplicates.DuplicateRule;
import io.ferstream.embedder.duplicates.HashedImage;
import io.ferstream.embedder.duplicates.PerceptualHashTest;
import io.ferstream.embedder.embedding.Embedder;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.events.ClassStats;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.LabelVerdict;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.stage.SplitPolicy;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.Topics;
import io.ferstream.registry.SchemaRegistryServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedder's decision against a straightforward batch implementation written here, on random
 * embeddings. The test embedder reads the embedding straight out of the first pixels, so each
 * image's embedding is chosen by the test.
 */
class EmbedderTopologyTest {

    static final int DIM = 8;
    private static SchemaRegistryServer registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, FaceImage> faces;
    private TestInputTopic<String, FaceImage> rejectedIn;
    private TestInputTopic<String, RunManifest> runs;
    private TestInputTopic<String, LabelVerdict> labelVerdicts;
    private TestOutputTopic<String, FaceImage> typical;
    private TestOutputTopic<String, FaceImage> rejectedOut;
    private TestOutputTopic<String, ClassStats> classStats;

    /** Embedding = the first DIM pixels, centred on 128. */
    static final class PixelEmbedder implements Embedder {
        @Override
        public float[] embed(int width, int height, byte[] pixels) {
            float[] e = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                e[i] = (pixels[i] & 0xff) - 128;
            }
            return e;
        }

        @Override
        public String name() {
            return "pixels";
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void startRegistry() {
        registry = SchemaRegistryServer.startInMemory("127.0.0.1", 0);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void setUp() {
        // The outlier tests' images differ only in their first pixels: they would all be duplicates.
        start(DuplicateRule.OFF, LabelRule.FLAG_ONLY);
    }

    private void start(DuplicateRule duplicates, LabelRule labels) {
        if (driver != null) {
            driver.close();
        }
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        SerdeConfig config = SerdeConfig.from(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url()));
        EmbedderTopology.PublicSerdes serdes = new EmbedderTopology.PublicSerdes(
                Topics.IMAGES_FACES.valueSerde(client, config), Topics.RUNS.valueSerde(client, config),
                Topics.CLASS_STATS.valueSerde(client, config), Topics.DLQ.valueSerde(client, config),
                Topics.LABEL_VERDICTS.valueSerde(client, config));
        EmbedderTopology.Settings settings = new EmbedderTopology.Settings(OutlierRule.SEED, duplicates, labels, 20,
                Duration.ofMinutes(10), SplitPolicy.trainOnly(), "pixels");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "embedder-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(EmbedderTopology.build(TopicNames.unprefixed(), settings, PixelEmbedder::new,
                serdes, new SimpleMeterRegistry()), props);
        faces = driver.createInputTopic("fer.images.faces", new StringSerializer(), serdes.images().serializer());
        rejectedIn = driver.createInputTopic("fer.images.rejected", new StringSerializer(), serdes.images().serializer());
        runs = driver.createInputTopic("fer.runs", new StringSerializer(), serdes.manifests().serializer());
        labelVerdicts = driver.createInputTopic("fer.label-verdicts", new StringSerializer(), serdes.labelVerdicts().serializer());
        typical = driver.createOutputTopic("fer.images.typical", new StringDeserializer(), serdes.images().deserializer());
        rejectedOut = driver.createOutputTopic("fer.images.rejected", new StringDeserializer(),
                serdes.images().deserializer());
        classStats = driver.createOutputTopic("fer.class-stats", new StringDeserializer(),
                serdes.classStats().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        driver = null;
    }

    static FaceImage image(String run, String id, Split split, Emotion label, float[] embedding) {
        byte[] pixels = new byte[48 * 48];
        for (int i = 0; i < DIM; i++) {
            pixels[i] = (byte) ((int) embedding[i] + 128);
        }
        return FaceImage.newBuilder().setId(id).setRunId(run).setDataset("test").setSplit(split).setLabel(label)
                .setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(pixels))
                .setSource("gen").setIngestTime(Instant.EPOCH).build();
    }

    static RunManifest manifest(String run, RunStatus status, long published) {
        return RunManifest.newBuilder().setRunId(run).setDataset("test").setSource("gen").setStatus(status)
                .setPublishedImages(published).setStartedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
    }

    /** Random integer embeddings: classes of 40, 25 and 6 TRAIN images plus TEST images; a few far away. */
    static List<FaceImage> dataset(String run, long seed) {
        Random random = new Random(seed);
        List<FaceImage> images = new ArrayList<>();
        Map<Emotion, Integer> sizes = Map.of(Emotion.HAPPY, 40, Emotion.SAD, 25, Emotion.DISGUST, 6);
        int n = 0;
        for (Map.Entry<Emotion, Integer> cls : new EnumMap<>(sizes).entrySet()) {
            float[] centre = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                centre[i] = random.nextInt(80) - 40;
            }
            for (int j = 0; j < cls.getValue() + 5; j++) {
                boolean far = random.nextInt(12) == 0;
                float[] e = new float[DIM];
                for (int i = 0; i < DIM; i++) {
                    e[i] = far ? random.nextInt(200) - 100 : centre[i] + random.nextInt(11) - 5;
                }
                Split split = j < cls.getValue() ? Split.TRAIN : Split.TEST;
                images.add(image(run, String.format("%s:%04d", run, n++), split, cls.getKey(), e));
            }
        }
        return images;
    }

    /** The original algorithm, written out plainly: ids of the images it keeps. */
    static Set<String> batchKept(List<FaceImage> images, OutlierRule rule) {
        List<FaceImage> sorted = new ArrayList<>(images);
        sorted.sort(Comparator.comparing(FaceImage::getId));
        Set<String> kept = new HashSet<>();
        for (Emotion label : Emotion.values()) {
            List<float[]> train = new ArrayList<>();
            for (FaceImage image : sorted) {
                if (image.getLabel() == label && image.getSplit() == Split.TRAIN) {
                    train.add(new PixelEmbedder().embed(48, 48, image.getPixels().array()));
                }
            }
            List<FaceImage> members = sorted.stream().filter(i -> i.getLabel() == label).toList();
            if (train.size() < rule.minGroupSize()) {
                members.forEach(i -> kept.add(i.getId()));
                continue;
            }
            double[] c = new double[DIM];
            for (float[] e : train) {
                for (int i = 0; i < DIM; i++) {
                    c[i] += e[i];
                }
            }
            for (int i = 0; i < DIM; i++) {
                c[i] /= train.size();
            }
            double[] d = train.stream().mapToDouble(e -> cosine(e, c)).toArray();
            double mean = 0;
            for (double v : d) {
                mean += v;
            }
            mean /= d.length;
            double var = 0;
            for (double v : d) {
                var += (v - mean) * (v - mean);
            }
            double threshold = mean + rule.k() * Math.sqrt(var / d.length);
            for (FaceImage image : members) {
                double distance = cosine(new PixelEmbedder().embed(48, 48, image.getPixels().array()), c);
                if (distance < threshold || image.getSplit() != Split.TRAIN) {
                    kept.add(image.getId());
                }
            }
        }
        return kept;
    }

    private static double cosine(float[] e, double[] c) {
        double dot = 0;
        double ne = 0;
        double nc = 0;
        for (int i = 0; i < e.length; i++) {
            dot += e[i] * c[i];
            ne += (double) e[i] * e[i];
            nc += c[i] * c[i];
        }
        return ne == 0 || nc == 0 ? 1.0 : 1.0 - dot / (Math.sqrt(ne) * Math.sqrt(nc));
    }

    @Test
    void aCompleteRunEqualsTheBatchAlgorithmExactly() {
        int outliersSeen = 0;
        for (long seed = 1; seed <= 5; seed++) {
            String run = "run-" + seed;
            List<FaceImage> images = dataset(run, seed);
            runs.pipeInput(run, manifest(run, RunStatus.PUBLISHED, images.size()));
            images.forEach(image -> faces.pipeInput(image.getId(), image));

            Set<String> kept = new HashSet<>();
            typical.readValuesToList().forEach(i -> kept.add(i.getId()));
            List<FaceImage> removed = rejectedOut.readValuesToList();
            assertThat(kept).as("seed %d", seed).isEqualTo(batchKept(images, OutlierRule.SEED));
            assertThat(kept.size() + removed.size()).isEqualTo(images.size());
            outliersSeen += removed.size();
            assertThat(removed).allSatisfy(i -> {
                assertThat(i.getSplit()).isEqualTo(Split.TRAIN);
                StageVerdict verdict = i.getVerdicts().get(i.getVerdicts().size() - 1);
                assertThat(verdict.getReason()).isEqualTo("outlier");
                assertThat(i.getScores().get("embedder.distance")).isGreaterThanOrEqualTo(verdict.getThresholds().get("distance.max"));
            });
            List<ClassStats> stats = classStats.readValuesToList();
            assertThat(stats).extracting(ClassStats::getLabel).containsExactlyInAnyOrder(Emotion.SAD, Emotion.HAPPY,
                    Emotion.DISGUST);
            assertThat(stats).allSatisfy(s -> assertThat(s.getFinal$()).isTrue());
            assertThat(stats.stream().filter(s -> s.getLabel() == Emotion.DISGUST).findFirst().orElseThrow().getCount())
                    .isEqualTo(6);
        }
        assertThat(outliersSeen).as("the data sets do contain outliers").isPositive();
    }

    @Test
    void nothingIsDecidedUntilEveryPublishedImageIsAccountedFor() {
        List<FaceImage> images = dataset("acct", 42);
        int upstream = 7;
        runs.pipeInput("acct", manifest("acct", RunStatus.PUBLISHING, 0));
        for (int i = 0; i < images.size(); i++) {
            FaceImage image = images.get(i);
            if (i < upstream) {
                FaceImage rejectedByQuality = FaceImage.newBuilder(image).setVerdicts(List.of(StageVerdict.newBuilder()
                        .setStage("quality").setPassed(false).setReason("blur").build())).build();
                rejectedIn.pipeInput(image.getId(), rejectedByQuality);
            } else {
                faces.pipeInput(image.getId(), image);
            }
        }
        assertThat(typical.isEmpty()).as("manifest not final yet").isTrue();
        runs.pipeInput("acct", manifest("acct", RunStatus.PUBLISHED, images.size() + 1));
        assertThat(typical.isEmpty()).as("one image still missing").isTrue();
        // The missing one turns up as an upstream reject: now the run is complete.
        FaceImage last = image("acct", "acct:zzzz", Split.TRAIN, Emotion.FEAR, new float[DIM]);
        rejectedIn.pipeInput(last.getId(), FaceImage.newBuilder(last).setVerdicts(List.of(StageVerdict.newBuilder()
                .setStage("faces").setPassed(false).setReason("no_face").build())).build());

        List<FaceImage> kept = typical.readValuesToList();
        List<FaceImage> removed = rejectedOut.readValuesToList();
        assertThat(kept.size() + removed.size()).isEqualTo(images.size() - upstream);
        assertThat(kept).extracting(FaceImage::getId)
                .containsExactlyInAnyOrderElementsOf(batchKept(images.subList(upstream, images.size()), OutlierRule.SEED));
    }

    @Test
    void liveImagesAreDecidedOnArrivalAfterTheWarmUp() {
        float[] centre = {10, 10, 10, 10, 10, 10, 10, 10};
        Random random = new Random(3);
        for (int i = 0; i < 20; i++) {
            float[] e = centre.clone();
            e[i % DIM] += random.nextInt(3);
            faces.pipeInput("live-" + i, image("live", "live-" + i, Split.LIVE, Emotion.NEUTRAL, e));
        }
        List<FaceImage> warmUp = typical.readValuesToList();
        assertThat(warmUp).hasSize(20).allSatisfy(i -> assertThat(i.getVerdicts().get(0).getPassed()).isTrue());

        faces.pipeInput("odd", image("live", "odd", Split.LIVE, Emotion.NEUTRAL, new float[] {-50, 60, -50, 60, 0, 0, 0, 0}));
        FaceImage odd = typical.readValue();
        StageVerdict verdict = odd.getVerdicts().get(0);
        assertThat(verdict.getPassed()).isFalse();
        assertThat(verdict.getReason()).isEqualTo("outlier");
        assertThat(verdict.getEnforced()).as("LIVE is not an enforced split by default").isFalse();
    }

    @Test
    void aLargeRunIsEmittedInChunksThatResumeOnTheWallClock() {
        Random random = new Random(9);
        List<FaceImage> images = new ArrayList<>();
        for (int i = 0; i < EmbedderTopology.EMIT_CHUNK + 500; i++) {
            float[] e = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                e[d] = 20 + random.nextInt(7);
            }
            images.add(image("big", String.format("big:%05d", i), Split.TRAIN, Emotion.ANGRY, e));
        }
        runs.pipeInput("big", manifest("big", RunStatus.PUBLISHED, images.size()));
        images.forEach(image -> faces.pipeInput(image.getId(), image));

        int first = typical.readValuesToList().size() + rejectedOut.readValuesToList().size();
        assertThat(first).isEqualTo(EmbedderTopology.EMIT_CHUNK);
        driver.advanceWallClockTime(Duration.ofMillis(200));
        Set<String> rest = new HashSet<>();
        typical.readValuesToList().forEach(i -> rest.add(i.getId()));
        rejectedOut.readValuesToList().forEach(i -> rest.add(i.getId()));
        assertThat(rest).hasSize(500);
        driver.advanceWallClockTime(Duration.ofMillis(200));
        assertThat(typical.isEmpty() && rejectedOut.isEmpty()).as("nothing emitted twice").isTrue();
    }

    static FaceImage picture(String run, String id, Split split, Emotion label, byte[] pixels) {
        return FaceImage.newBuilder(image(run, id, split, label, new float[DIM])).setPixels(ByteBuffer.wrap(pixels)).build();
    }

    @Test
    void duplicatesAndLeaksAreDecidedOverTheWholeRunAsTheBatchFinderDoesBeforeTheOutlierStatistics() {
        start(DuplicateRule.DEFAULT, LabelRule.FLAG_ONLY);
        List<FaceImage> images = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            images.add(picture("dup", String.format("dup:%04d", i), Split.TRAIN, Emotion.HAPPY,
                    PerceptualHashTest.picture(i, 48, 48)));
        }
        byte[] brighter = PerceptualHashTest.picture(2, 48, 48);
        for (int p = 0; p < brighter.length; p++) {
            brighter[p] = (byte) Math.min(255, (brighter[p] & 0xFF) + 9);
        }
        images.add(picture("dup", "dup:0100", Split.TRAIN, Emotion.HAPPY, PerceptualHashTest.picture(1, 48, 48)));
        images.add(picture("dup", "dup:0101", Split.TRAIN, Emotion.HAPPY, brighter));
        images.add(picture("dup", "dup:0102", Split.TEST, Emotion.HAPPY, PerceptualHashTest.picture(3, 48, 48)));
        images.add(picture("dup", "dup:0103", Split.TRAIN, Emotion.SAD, PerceptualHashTest.picture(4, 48, 48)));
        runs.pipeInput("dup", manifest("dup", RunStatus.PUBLISHED, images.size()));
        List<FaceImage> shuffled = new ArrayList<>(images);
        java.util.Collections.shuffle(shuffled, new Random(2));
        shuffled.forEach(image -> faces.pipeInput(image.getId(), image));

        Map<String, FaceImage> out = new java.util.HashMap<>();
        typical.readValuesToList().forEach(i -> out.put(i.getId(), i));
        List<FaceImage> removed = rejectedOut.readValuesToList();
        removed.forEach(i -> out.put(i.getId(), i));
        assertThat(out).hasSize(images.size());
        Map<String, String> duplicateReasons = new java.util.TreeMap<>();
        removed.stream().filter(i -> lastVerdict(i).getStage().equals(EmbedderTopology.DUPLICATES_STAGE))
                .forEach(i -> duplicateReasons.put(i.getId(), lastVerdict(i).getReason()));
        assertThat(duplicateReasons).containsExactlyInAnyOrderEntriesOf(Map.of("dup:0100", "duplicate",
                "dup:0101", "duplicate", "dup:0003", "leakage", "dup:0004", "label_conflict", "dup:0103", "label_conflict"));
        FaceImage heldOut = out.get("dup:0102");
        assertThat(heldOut.getVerdicts()).extracting(StageVerdict::getStage).containsExactly("duplicates", "labels", "embedder");
        assertThat(heldOut.getScores()).as("no label verdicts published").containsEntry("labels.skipped", 1.0);
        assertThat(heldOut.getVerdicts().get(0).getPassed()).as("the held-out twin is the one kept").isTrue();
        assertThat(heldOut.getScores()).containsEntry("duplicates.group_size", 2.0).containsEntry("duplicates.exact", 1.0);
        assertThat(out.get("dup:0101").getScores()).as("brighter: the same picture, other pixels")
                .containsEntry("duplicates.exact", 0.0).containsEntry("duplicates.distance", 0.0);
        assertThat(out.get("dup:0007").getScores()).doesNotContainKey("duplicates.group");

        // The stream's verdicts are the batch finder's over the same images.
        DuplicateGroups batch = DuplicateFinder.find(images.stream().map(i -> HashedImage.of(i.getId(), i.getSplit(),
                i.getLabel(), 48, 48, i.getPixels().array())).toList(), DuplicateRule.DEFAULT_MAX_DISTANCE);
        for (FaceImage image : out.values()) {
            DuplicateGroups.Membership membership = batch.of(image.getId());
            StageVerdict verdict = image.getVerdicts().get(0);
            assertThat(verdict.getReason()).as(image.getId())
                    .isEqualTo(membership == null || membership.reason() == null ? null : membership.reason().tag());
        }
        // Class statistics leave the removed images out: 30 HAPPY TRAIN pictures + 2 copies - 2 copies - 1 leak - 1 conflict.
        ClassStats happy = classStats.readValuesToList().stream().filter(s -> s.getLabel() == Emotion.HAPPY).findFirst()
                .orElseThrow();
        assertThat(happy.getCount()).isEqualTo(28);
    }

    private static StageVerdict lastVerdict(FaceImage image) {
        return image.getVerdicts().get(image.getVerdicts().size() - 1);
    }

    static LabelVerdict labelVerdict(String id, Emotion given, Emotion suggested, Integer rank) {
        return LabelVerdict.newBuilder().setImageId(id).setGiven(given).setIssue(suggested != null).setSuggested(suggested)
                .setRank(rank).setSelfConfidence(suggested == null ? 0.9 : 0.05).setNormalizedMargin(suggested == null ? 0.8 : -0.7)
                .setMethod("test").setCreatedAt(Instant.EPOCH).build();
    }

    @Test
    void labelIssuesAreFlaggedTheTopRankedRemovedFromTrainAndAMissingVerdictIsReportedAsSkipped() {
        start(DuplicateRule.OFF, new LabelRule(2));
        List<FaceImage> images = dataset("lab", 21);
        List<FaceImage> train = images.stream().filter(i -> i.getSplit() == Split.TRAIN).toList();
        FaceImage test = images.stream().filter(i -> i.getSplit() == Split.TEST).findFirst().orElseThrow();
        // Ranks 1 and 2 are removed (TRAIN), rank 3 flagged; rank 1 on a TEST image is flagged, never removed.
        labelVerdicts.pipeInput(train.get(0).getId(), labelVerdict(train.get(0).getId(), train.get(0).getLabel(), Emotion.FEAR, 1));
        labelVerdicts.pipeInput(train.get(1).getId(), labelVerdict(train.get(1).getId(), train.get(1).getLabel(), Emotion.FEAR, 2));
        labelVerdicts.pipeInput(train.get(2).getId(), labelVerdict(train.get(2).getId(), train.get(2).getLabel(), Emotion.FEAR, 3));
        labelVerdicts.pipeInput(train.get(3).getId(), labelVerdict(train.get(3).getId(), train.get(3).getLabel(), null, null));
        labelVerdicts.pipeInput(test.getId(), labelVerdict(test.getId(), test.getLabel(), Emotion.SAD, 1));
        labelVerdicts.pipeInput(train.get(4).getId(), null);
        runs.pipeInput("lab", manifest("lab", RunStatus.PUBLISHED, images.size()));
        images.forEach(image -> faces.pipeInput(image.getId(), image));

        Map<String, FaceImage> out = new java.util.HashMap<>();
        typical.readValuesToList().forEach(i -> out.put(i.getId(), i));
        List<FaceImage> removed = rejectedOut.readValuesToList();
        removed.forEach(i -> out.put(i.getId(), i));
        assertThat(out).hasSize(images.size());
        assertThat(removed.stream().filter(i -> lastVerdict(i).getStage().equals("labels")).map(FaceImage::getId))
                .containsExactlyInAnyOrder(train.get(0).getId(), train.get(1).getId());
        StageVerdict flagged = verdictOf(out.get(train.get(2).getId()), "labels");
        assertThat(flagged.getPassed()).isFalse();
        assertThat(flagged.getEnforced()).isFalse();
        assertThat(flagged.getReason()).isEqualTo("label_issue");
        assertThat(out.get(train.get(2).getId()).getScores()).containsEntry("labels.rank", 3.0)
                .containsEntry("labels.suggested", (double) Emotion.FEAR.ordinal());
        assertThat(verdictOf(out.get(train.get(3).getId()), "labels").getPassed()).as("no issue").isTrue();
        assertThat(verdictOf(out.get(test.getId()), "labels").getEnforced()).as("TEST is flagged, never removed").isFalse();
        assertThat(out.get(train.get(5).getId()).getScores()).containsEntry("labels.skipped", 1.0);
        // The removed images are left out of the class statistics.
        long happyTrain = train.stream().filter(i -> i.getLabel() == Emotion.HAPPY).count();
        long happyRemoved = train.subList(0, 2).stream().filter(i -> i.getLabel() == Emotion.HAPPY).count();
        ClassStats happy = classStats.readValuesToList().stream().filter(s -> s.getLabel() == Emotion.HAPPY).findFirst()
                .orElseThrow();
        assertThat(happy.getCount()).isEqualTo(happyTrain - happyRemoved);
    }

    private static StageVerdict verdictOf(FaceImage image, String stage) {
        return image.getVerdicts().stream().filter(v -> v.getStage().equals(stage)).findFirst().orElseThrow();
    }
}
