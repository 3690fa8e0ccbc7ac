package io.ferstream.trainer;

import io.ferstream.trainer.network.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ferstream.events.ModelRelease;
import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCardException;
import io.ferstream.model.ModelCards;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Announces a trained model on the compacted models topic: one {@link ModelRelease} keyed by the
 * model's name, so a classifier that reads the topic from the start finds the latest release of
 * each model. The event points at the {@code .onnx} file (a {@code file:} URI), carries its SHA-256
 * so a reader can refuse a file that changed, and embeds the whole card.
 */
public final class ModelReleaser {

    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final long SEND_TIMEOUT_S = 60;

    private ModelReleaser() {
    }

    /**
     * The release of the model in {@code model} described by {@code card}: version
     * {@code <UTC time>-<first 8 hex of sha256>}, metrics from the card's validation and TEST figures.
     */
    public static ModelRelease describe(Path model, Path card, String runId, Clock clock) throws IOException {
        String cardJson = Files.readString(card);
        ModelCard typed;
        try {
            typed = ModelCards.parse(cardJson);
            ModelCards.verify(typed, model);
        } catch (ModelCardException e) {
            throw new IOException(card + ": " + e.getMessage(), e);
        }
        String sha256 = typed.onnxSha256();
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (typed.validation() != null) {
            putIfPresent(metrics, "validation_accuracy", typed.validation().accuracy());
        }
        if (typed.test() != null) {
            putIfPresent(metrics, "test_accuracy", typed.test().accuracy());
            putIfPresent(metrics, "test_accuracy_tta", typed.test().accuracyTta());
            putIfPresent(metrics, "test_accuracy_tta_shifts", typed.test().accuracyTtaShifts());
        }
        if (typed.architecture() != null && typed.architecture().path("parameters").isNumber()) {
            metrics.put("parameters", typed.architecture().path("parameters").asDouble());
        }
        var now = clock.instant();
        return ModelRelease.newBuilder()
                .setName(typed.name() == null ? Architecture.SEED.id() : typed.name())
                .setVersion(VERSION_TIME.format(now) + "-" + sha256.substring(0, 8))
                .setLocation(model.toAbsolutePath().normalize().toUri().toString())
                .setSha256(sha256)
                .setCard(cardJson)
                .setMetrics(metrics)
                .setRunId(runId)
                .setReleasedAt(now)
                .build();
    }

    /** Creates the models topic when missing and writes {@code release} to it (acks=all), returning its offset. */
    public static long publish(ConnectionConfig connection, ModelRelease release) throws IOException {
        String topic = connection.topicNames().of(Topics.MODELS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers()))) {
            new TopicProvisioner(admin, connection.topicNames(), Duration.ofSeconds(SEND_TIMEOUT_S))
                    .ensure(List.of(Topics.MODELS));
        }
        SerdeConfig serdeConfig = connection.serdeConfig();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(props, Topics.MODELS.keySerde().serializer(),
                Topics.MODELS.valueSerde(SchemaRegistryClients.forConfig(serdeConfig), serdeConfig).serializer())) {
            return producer.send(new ProducerRecord<>(topic, release.getName(), release)).get(SEND_TIMEOUT_S, TimeUnit.SECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not publish model " + release.getName() + " " + release.getVersion() + " to " + topic
                    + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing the model release", e);
        }
    }

    private static void putIfPresent(Map<String, Double> metrics, String key, Double value) {
        if (value != null) {
            metrics.put(key, value);
        }
    }
}
