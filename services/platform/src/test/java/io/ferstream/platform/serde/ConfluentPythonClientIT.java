package io.ferstream.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.events.FaceImage;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confluent's Python client (confluent-kafka, from Debian's python3-confluent-kafka) reads our
 * records through our registry, and writes records our deserializer reads. Skips visibly when the
 * Python packages are not installed ({@code .ci/run} installs them where it can).
 */
class ConfluentPythonClientIT {

    private static final String PYTHON = "/usr/bin/python3";
    private static final int RECORDS = 20;

    @Test
    void pythonClientDecodesOurRecordsAndWeDecodeTheirs(@TempDir Path dir) throws Exception {
        assumeTrue(pythonHasConfluentClient(),
                "python3 with confluent_kafka, avro and requests not installed: skipping the Python interop check");
        Path script = dir.resolve("confluent_interop.py");
        try (var in = getClass().getResourceAsStream("/python/confluent_interop.py")) {
            Files.copy(in, script);
        }
        try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
            TopicNames names = new TopicNames("py.");
            String topic = names.of(Topics.IMAGES_RAW);
            try (Admin admin = platform.admin()) {
                new TopicProvisioner(admin, names, platform.timeout()).ensure(List.of(Topics.IMAGES_RAW));
                admin.createTopics(List.of(new NewTopic("py.events", 1, (short) 1))).all().get();
            }
            List<FaceImage> sent = new ArrayList<>();
            AvroSerializer<FaceImage> serializer = new AvroSerializer<>();
            serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl()), false);
            try (KafkaProducer<String, FaceImage> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                    new StringSerializer(), serializer)) {
                for (int i = 0; i < RECORDS; i++) {
                    FaceImage image = EmbeddedPlatform.faceImage("py", i);
                    sent.add(image);
                    producer.send(new ProducerRecord<>(topic, image.getId(), image)).get();
                }
            }

            Process python = new ProcessBuilder(PYTHON, script.toString(), platform.bootstrapServers(),
                    platform.registryUrl(), topic, Integer.toString(RECORDS), "py.events")
                    .redirectErrorStream(true).start();
            assertThat(python.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.exitValue()).as("python output:%n%s", output).isZero();

            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = output.lines().filter(l -> l.startsWith("{")).map(l -> {
                try {
                    return json.readTree(l);
                } catch (IOException e) {
                    throw new IllegalStateException(l, e);
                }
            }).toList();
            List<JsonNode> decoded = lines.subList(0, RECORDS);
            assertThat(decoded).extracting(n -> n.get("id").asText())
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(FaceImage::getId).toList());
            for (JsonNode node : decoded) {
                FaceImage original = sent.get(Integer.parseInt(node.get("id").asText().substring("test:".length())));
                assertThat(node.get("key").asText()).isEqualTo(original.getId());
                assertThat(node.get("label").asText()).isEqualTo(original.getLabel().name());
                assertThat(node.get("split").asText()).isEqualTo("TRAIN");
                assertThat(node.get("pixels").asInt()).isEqualTo(48 * 48);
            }

            int pythonSchemaId = lines.get(RECORDS).get("registered_id").asInt();
            AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>();
            deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl(),
                    SerdeConfig.SPECIFIC_AVRO_READER, false), false);
            List<GenericRecord> fromPython = new ArrayList<>();
            try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "java-reads-python",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), deserializer)) {
                consumer.subscribe(List.of("py.events"));
                long deadline = System.currentTimeMillis() + 30_000;
                while (fromPython.size() < 3 && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> fromPython.add(r.value()));
                }
            }
            assertThat(fromPython).extracting(r -> r.get("n")).containsExactly(0, 1, 2);
            assertThat(fromPython).extracting(r -> r.get("name").toString()).containsOnly("from-python");
            assertThat(new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(5))
                    .latest("py.events-value").id()).isEqualTo(pythonSchemaId);
        }
    }

    private static boolean pythonHasConfluentClient() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process check = new ProcessBuilder(PYTHON, "-c",
                    "import confluent_kafka.schema_registry, avro.io, requests").redirectErrorStream(true).start();
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
