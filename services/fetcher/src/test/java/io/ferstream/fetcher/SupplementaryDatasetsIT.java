package io.ferstream.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.fixtures.SupplementaryFixtures;
import io.ferstream.fetcher.fixtures.TopicContents;
import io.ferstream.fetcher.publish.FetcherMetrics;
import io.ferstream.fetcher.publish.RunPublisher;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every supplementary dataset end to end on the embedded broker: its fixture in the dataset's own
 * layout (real FER2013 faces pasted into images of the dataset's size, {@link SupplementaryFixtures})
 * through {@code fer fetch --dataset <key> --source <folder>}: labels in FER order, the dataset's
 * split rule, 48×48 crops, and every rejection with its reason in the dead letters and the manifest.
 */
class SupplementaryDatasetsIT {

    private static EmbeddedPlatform platform;
    private static SchemaRegistryClient registry;
    private static SupplementaryFixtures fixtures;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        fixtures = new SupplementaryFixtures();
        platform = EmbeddedPlatform.start();
        registry = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** What one run published: images by id, dead-letter reasons by source, the manifest's message. */
    private record Published(Map<String, FaceImage> images, Map<String, String> rejected, String message) {

        Map<String, Split> splits() {
            return images.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getSplit()));
        }

        Map<String, Emotion> labels() {
            return images.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getLabel()));
        }
    }

    private Published fetch(String dataset, Path source) throws Exception {
        ConnectionConfig connection = new ConnectionConfig(platform.bootstrapServers(), platform.registryUrl(), dataset + ".");
        RunPublisher.Result result = new FetchJob(FetcherConfig.of(connection, source, dataset, dir.resolve("data"),
                dataset + "-run"), DatasetRegistry.standard(), Map.of(), null,
                new FetcherMetrics(new SimpleMeterRegistry()), Clock.systemUTC()).run();
        assertThat(result.outcome()).isEqualTo(RunPublisher.Outcome.PUBLISHED);
        Map<String, FaceImage> images = new TreeMap<>();
        for (ConsumerRecord<String, FaceImage> r : TopicContents.readCommitted(platform.bootstrapServers(),
                connection.topicNames().of(Topics.IMAGES_RAW), Topics.IMAGES_RAW.valueSerde(registry, connection.serdeConfig()).deserializer())) {
            assertThat(r.value().getWidth()).isEqualTo(48);
            assertThat(r.value().getHeight()).isEqualTo(48);
            images.put(r.key(), r.value());
        }
        Map<String, String> rejected = new HashMap<>();
        for (ConsumerRecord<String, DeadLetter> r : TopicContents.readCommitted(platform.bootstrapServers(),
                connection.topicNames().of(Topics.DLQ), Topics.DLQ.valueSerde(registry, connection.serdeConfig()).deserializer())) {
            rejected.put(r.value().getSource(), r.value().getError().substring(0, r.value().getError().indexOf(':')));
        }
        assertThat(result.manifest().getPublishedImages()).isEqualTo(images.size());
        return new Published(images, rejected, result.manifest().getMessage());
    }

    /** Every image of one subject (the key's part picked by {@code subject}) is in one split. */
    private static void assertNoSubjectInTwoSplits(Published run, Function<String, String> subject) {
        Map<String, Split> bySubject = new HashMap<>();
        run.splits().forEach((id, split) -> assertThat(bySubject.merge(subject.apply(id), split, (a, b) -> a == b ? a : null))
                .as("subject of %s in one split", id).isNotNull());
    }

    @Test
    void ckPlusFoldersAreTightCropsSplitBySubject() throws Exception {
        Published run = fetch("ck_plus", fixtures.ckPlus(dir.resolve("ck")));

        assertThat(run.images()).hasSize(8);
        assertThat(run.labels()).containsEntry("ck_plus:CK+48/anger/S010_001_00000010.png", Emotion.ANGRY)
                .containsEntry("ck_plus:CK+48/sadness/S011_002_00000011.png", Emotion.SAD);
        assertThat(run.rejected()).isEqualTo(Map.of("ck/CK+48/contempt/S010_009_00000020.png", "skipped-class"));
        assertNoSubjectInTwoSplits(run, id -> id.substring(id.lastIndexOf('/') + 1, id.lastIndexOf('/') + 5));
        assertThat(run.message()).doesNotContain("faces cropped").contains("skipped-class=1");
    }

    @Test
    void rafDbFollowsItsPartitionListAndCropsTheAlignedFaces() throws Exception {
        Published run = fetch("raf_db", fixtures.rafDb(dir.resolve("raf")));

        assertThat(run.labels()).isEqualTo(Map.of(
                "raf_db:Image/aligned/train_00001_aligned.jpg", Emotion.SURPRISE,
                "raf_db:Image/aligned/train_00002_aligned.jpg", Emotion.HAPPY,
                "raf_db:Image/aligned/train_00003_aligned.jpg", Emotion.SAD,
                "raf_db:Image/aligned/train_00004_aligned.jpg", Emotion.NEUTRAL,
                "raf_db:Image/aligned/test_0001_aligned.jpg", Emotion.ANGRY,
                "raf_db:Image/aligned/test_0002_aligned.jpg", Emotion.DISGUST));
        assertThat(run.splits().values()).containsOnly(Split.TRAIN, Split.TEST);
        assertThat(run.splits()).containsEntry("raf_db:Image/aligned/test_0001_aligned.jpg", Split.TEST);
        assertThat(run.rejected()).isEqualTo(Map.of(
                "raf/Image/aligned/train_00005_aligned.jpg", "no-face",
                "raf/train_00006.jpg", "missing-file"));
        assertThat(run.message()).contains("faces cropped 6", "no-face=1", "missing-file=1");
    }

    @Test
    void jaffeCodesMapToFerAndEachPoserIsInOneSplit() throws Exception {
        Published run = fetch("jaffe", fixtures.jaffe(dir.resolve("j")));

        assertThat(run.images()).hasSize(11);
        assertThat(run.rejected()).isEmpty();
        assertThat(run.labels()).containsEntry("jaffe:jaffe/KA.AN1.40.tiff", Emotion.ANGRY)
                .containsEntry("jaffe:jaffe/KM.FE1.42.tiff", Emotion.FEAR)
                .containsEntry("jaffe:jaffe/KA.HA2.60.tiff", Emotion.HAPPY);
        assertNoSubjectInTwoSplits(run, id -> id.substring("jaffe:jaffe/".length(), "jaffe:jaffe/".length() + 2));
        assertThat(run.splits().values()).contains(Split.TRAIN, Split.VALIDATION, Split.TEST);
        assertThat(run.message()).contains("faces cropped 11");
    }

    @Test
    void kdefPortraitsAreCroppedAndSplitByPerson() throws Exception {
        Published run = fetch("kdef", fixtures.kdef(dir.resolve("k")));

        assertThat(run.images()).hasSize(8);
        assertThat(run.labels()).containsEntry("kdef:KDEF/AF01/AF01AFS.JPG", Emotion.FEAR)
                .containsEntry("kdef:KDEF/AF01/AF01ANS.JPG", Emotion.ANGRY)
                .containsEntry("kdef:KDEF/BF01/BF01NES.JPG", Emotion.NEUTRAL);
        assertThat(run.rejected()).isEqualTo(Map.of("k/KDEF/AM02/AM02SUS.JPG", "no-face"));
        assertNoSubjectInTwoSplits(run, id -> id.substring(id.lastIndexOf('/') + 2, id.lastIndexOf('/') + 5));
        assertThat(run.message()).contains("faces cropped 8", "no-face=1");
    }

    @Test
    void expwTakesTheAnnotatedFaceOfEachLabelLine() throws Exception {
        Published run = fetch("expw", fixtures.expw(dir.resolve("e")));

        assertThat(run.labels()).isEqualTo(Map.of(
                "expw:image/origin/scene_0.jpg#face=0", Emotion.HAPPY,
                "expw:image/origin/scene_0.jpg#face=1", Emotion.ANGRY,
                "expw:image/origin/scene_1.jpg#face=0", Emotion.NEUTRAL,
                "expw:image/origin/scene_1.jpg#face=1", Emotion.SURPRISE));
        assertThat(run.rejected()).isEqualTo(Map.of(
                "e/image/origin/scene_0.jpg#face=2", "no-face",
                "e/image/origin/scene_1.jpg#face=3", "unknown-class"));
        assertNoSubjectInTwoSplits(run, id -> id.substring(0, id.indexOf('#')));
        // the two faces of one scene differ: each crop is its own annotated face, not the scene's most confident
        assertThat(run.images().get("expw:image/origin/scene_0.jpg#face=0").getPixels())
                .isNotEqualTo(run.images().get("expw:image/origin/scene_0.jpg#face=1").getPixels());
        assertThat(run.message()).contains("faces cropped 4", "no-face=1", "unknown-class=1");
    }

    @Test
    void affectnetFoldersAreCroppedWithTheirSplitFoldersElseByContent() throws Exception {
        Published run = fetch("affectnet", fixtures.affectnet(dir.resolve("a")));

        assertThat(run.images()).hasSize(6);
        assertThat(run.splits()).containsEntry("affectnet:Train/happy/a1.jpg", Split.TRAIN)
                .containsEntry("affectnet:Test/anger/b1.jpg", Split.TEST);
        assertThat(run.labels()).containsEntry("affectnet:fear/d1.jpg", Emotion.FEAR);
        assertThat(run.rejected()).isEqualTo(Map.of("a/Train/contempt/c1.jpg", "skipped-class"));
        assertThat(run.message()).contains("faces cropped 6", "skipped-class=1");
    }
}
