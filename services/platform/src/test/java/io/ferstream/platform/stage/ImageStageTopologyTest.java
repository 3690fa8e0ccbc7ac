package io.ferstream.platform.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.Topics;
import io.ferstream.registry.SchemaRegistryServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
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

/** The shared stage topology, driven with a judge that fails images whose first pixel is dark. */
class ImageStageTopologyTest {

    private static SchemaRegistryServer registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, FaceImage> raw;
    private TestInputTopic<String, byte[]> rawBytes;
    private TestOutputTopic<String, FaceImage> checked;
    private TestOutputTopic<String, FaceImage> rejected;
    private TestOutputTopic<String, DeadLetter> dlq;
    private SimpleMeterRegistry meters;

    /** Fails with reason "dark" when pixel 0 is below 100; scores the first pixel. */
    static final class FirstPixelJudge implements ImageJudge {
        @Override
        public Judgement judge(FaceImage image) {
            int first = image.getPixels().get(0) & 0xff;
            if (first == 13) {
                throw new IllegalStateException("judge blew up on purpose");
            }
            Map<String, Double> scores = Map.of("first", (double) first);
            Map<String, Double> thresholds = Map.of("first.min", 100.0);
            return first >= 100 ? Judgement.pass(scores, thresholds) : Judgement.fail("dark", scores, thresholds);
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
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        SerdeConfig serdeConfig = SerdeConfig.from(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url()));
        Serde<FaceImage> images = Topics.IMAGES_RAW.valueSerde(client, serdeConfig);
        Serde<DeadLetter> deadLetters = Topics.DLQ.valueSerde(client, serdeConfig);
        meters = new SimpleMeterRegistry();
        ImageStageTopology.Spec spec = new ImageStageTopology.Spec("quality", Topics.IMAGES_RAW, Topics.IMAGES_CHECKED,
                SplitPolicy.trainOnly(), List.of("dark"));
        TopicNames names = TopicNames.unprefixed();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ImageStageTopology.build(spec, names, FirstPixelJudge::new, images, deadLetters,
                new StageMetrics("quality", spec.failureReasons(), meters)), props);
        raw = driver.createInputTopic("fer.images.raw", new StringSerializer(), images.serializer());
        rawBytes = driver.createInputTopic("fer.images.raw", new StringSerializer(), new ByteArraySerializer());
        checked = driver.createOutputTopic("fer.images.checked", new StringDeserializer(), images.deserializer());
        rejected = driver.createOutputTopic("fer.images.rejected", new StringDeserializer(), images.deserializer());
        dlq = driver.createOutputTopic("fer.dlq", new StringDeserializer(), deadLetters.deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static FaceImage image(String id, Split split, int firstPixel) {
        FaceImage base = EmbeddedPlatform.faceImage("run", 1);
        byte[] pixels = new byte[48 * 48];
        pixels[0] = (byte) firstPixel;
        return FaceImage.newBuilder(base).setId(id).setSplit(split).setPixels(ByteBuffer.wrap(pixels)).build();
    }

    @Test
    void everyKnownReasonCounterExistsAtZeroBeforeTheFirstImage() {
        assertThat(meters.get("fer_quality_images_rejected").tag("reason", "dark").counter().count()).isZero();
        assertThat(meters.get("fer_quality_images_flagged").tag("reason", "dark").counter().count()).isZero();
        assertThat(meters.get("fer_quality_dead_letters").counters()).extracting(c -> c.getId().getTag("reason"))
                .containsExactlyInAnyOrder("undecodable", "null_value", "invalid_image", "judge_error");
        assertThat(meters.get("fer_quality_dead_letters").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void passingImagesContinueWithScoresAndAVerdict() {
        raw.pipeInput("a", image("a", Split.TRAIN, 200));

        FaceImage out = checked.readValue();
        assertThat(out.getId()).isEqualTo("a");
        assertThat(out.getScores()).containsEntry("quality.first", 200.0);
        assertThat(out.getVerdicts()).containsExactly(StageVerdict.newBuilder().setStage("quality").setPassed(true)
                .setEnforced(true).setReason(null).setThresholds(Map.of("first.min", 100.0)).build());
        assertThat(rejected.isEmpty()).isTrue();
        assertThat(meters.counter("fer_quality_images_passed").count()).isEqualTo(1.0);
    }

    @Test
    void failingTrainImagesAreRejectedButTestImagesAreOnlyFlagged() {
        raw.pipeInput("t", image("t", Split.TRAIN, 10));
        raw.pipeInput("v", image("v", Split.VALIDATION, 10));
        raw.pipeInput("x", image("x", Split.TEST, 10));

        FaceImage rejectedImage = rejected.readValue();
        assertThat(rejectedImage.getId()).isEqualTo("t");
        assertThat(rejectedImage.getVerdicts().get(0).getReason()).isEqualTo("dark");
        assertThat(rejectedImage.getVerdicts().get(0).getEnforced()).isTrue();
        assertThat(rejected.isEmpty()).isTrue();

        List<FaceImage> flagged = checked.readValuesToList();
        assertThat(flagged).extracting(FaceImage::getId).containsExactly("v", "x");
        assertThat(flagged).allSatisfy(image -> {
            assertThat(image.getVerdicts().get(0).getPassed()).isFalse();
            assertThat(image.getVerdicts().get(0).getEnforced()).isFalse();
            assertThat(image.getScores()).containsEntry("quality.first", 10.0);
        });
        assertThat(meters.counter("fer_quality_images_rejected", "reason", "dark").count()).isEqualTo(1.0);
        assertThat(meters.counter("fer_quality_images_flagged", "reason", "dark").count()).isEqualTo(2.0);
    }

    @Test
    void badRecordsBecomeDeadLettersAndTheStreamGoesOn() {
        rawBytes.pipeInput("garbage", new byte[] {1, 2, 3, 4, 5, 6});
        FaceImage corrupt = FaceImage.newBuilder(image("c", Split.TRAIN, 200)).setPixels(ByteBuffer.wrap(new byte[7])).build();
        raw.pipeInput("c", corrupt);
        FaceImage jpeg = FaceImage.newBuilder(image("j", Split.TRAIN, 200)).setEncoding(ImageEncoding.JPEG).build();
        raw.pipeInput("j", jpeg);
        raw.pipeInput("boom", image("boom", Split.TRAIN, 13));
        raw.pipeInput("ok", image("ok", Split.TRAIN, 255));

        List<DeadLetter> letters = dlq.readValuesToList();
        assertThat(letters).hasSize(4);
        assertThat(letters.get(0).getError()).contains("magic byte");
        assertThat(letters.get(0).getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}));
        assertThat(letters.get(0).getTopic()).isEqualTo("fer.images.raw");
        assertThat(letters.get(0).getStage()).isEqualTo("quality");
        assertThat(letters.get(1).getError()).contains("corrupt pixels: 7 bytes");
        assertThat(letters.get(2).getError()).contains("encoding JPEG");
        assertThat(letters.get(3).getError()).contains("judge blew up on purpose");
        assertThat(checked.readValue().getId()).isEqualTo("ok");
        assertThat(meters.counter("fer_quality_dead_letters", "reason", "invalid_image").count()).isEqualTo(2.0);
    }
}
