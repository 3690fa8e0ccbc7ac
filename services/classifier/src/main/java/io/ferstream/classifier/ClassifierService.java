package io.ferstream.classifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.Frame;
import io.ferstream.events.Prediction;
import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.dlq.DeadLetters;
import io.ferstream.platform.http.ServiceHttpServer;
import io.ferstream.platform.metrics.ClientIds;
import io.ferstream.platform.metrics.ConsumerLagMeter;
import io.ferstream.platform.metrics.KafkaMeters;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.topics.ClusterCheck;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live classifier: a plain consumer/producer loop, {@code fer.frames → fer.predictions}, on its own
 * thread. Per poll: frames that cannot be read (poison bytes, an unknown schema id, not an image,
 * too large) become dead letters on {@code fer.dlq}; the rest go through {@link PollProcessor}; every
 * prediction and dead letter is sent and acknowledged, then the poll's offsets are committed. So a
 * frame gets at most one prediction unless the service dies between the send and the commit; then the
 * redelivered frame is usually stale by the time it is polled again and is dropped (README, Delivery).
 */
public final class ClassifierService implements AutoCloseable {

    public static final String STAGE = "classifier";
    private static final Logger log = LoggerFactory.getLogger(ClassifierService.class);

    private final ConsumerThread frameLoop;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Deserializer<Frame> frames;
    private final Serializer<Prediction> predictions;
    private final Serializer<DeadLetter> deadLetters;
    private final String framesTopic;
    private final String predictionsTopic;
    private final String dlqTopic;
    private final PollProcessor processor;
    private final ClassifierMetrics metrics;
    private final ModelSlot<LiveModel> slot;
    private final ReleaseFollower releases;
    private final AccuracyFollower accuracy;
    private final List<YuNetDetector> detectors;
    /** The client id's lease, the Kafka client metrics and the lag meter: released last, in this order. */
    private final List<AutoCloseable> clientMetrics = new ArrayList<>();
    private ServiceHttpServer http;

    private ClassifierService(ClassifierConfig config, LiveModel model, List<YuNetDetector> detectors, PrometheusMeterRegistry registry) {
        ConnectionConfig connection = config.connection();
        TopicNames names = connection.topicNames();
        this.framesTopic = names.of(Topics.FRAMES);
        this.predictionsTopic = names.of(Topics.PREDICTIONS);
        this.dlqTopic = names.of(Topics.DLQ);
        SerdeConfig serdeConfig = connection.serdeConfig();
        SchemaRegistryClient client = SchemaRegistryClients.forConfig(serdeConfig);
        this.frames = Topics.FRAMES.valueSerde(client, serdeConfig).deserializer();
        this.predictions = Topics.PREDICTIONS.valueSerde(client, serdeConfig).serializer();
        this.deadLetters = Topics.DLQ.valueSerde(client, serdeConfig).serializer();
        this.slot = new ModelSlot<>(model);
        this.detectors = detectors;
        SessionSmoother smoother = config.smoothing() == null ? null : new SessionSmoother(config.smoothing().alpha(),
                config.smoothing().minIou(), config.smoothing().maxSessions(), config.smoothing().idle().toMillis());
        this.processor = new PollProcessor(config, detectors, smoother, System::currentTimeMillis);
        this.metrics = new ClassifierMetrics(registry, model, smoother);
        this.releases = config.releases() == null ? null : new ReleaseFollower(connection.clientProperties(), names.of(Topics.MODELS),
                Topics.MODELS.valueSerde(client, serdeConfig).deserializer(),
                new ReleaseHandler(config.releases().modelName() == null ? model.name() : config.releases().modelName(), slot, metrics));
        ClassifierConfig.Accuracy scoring = config.accuracy();
        this.accuracy = scoring == null ? null : new AccuracyFollower(connection.clientProperties(), config.groupId() + "-accuracy",
                scoring.labelledTopic() == null ? names.of(Topics.IMAGES_CLEANED) : scoring.labelledTopic(),
                scoring.maxImagesPerPoll(), Topics.IMAGES_CLEANED.valueSerde(client, serdeConfig).deserializer(), slot,
                new LiveAccuracy(registry));
        // A stable client id (no per-run series), unique in this JVM: scale-out tests run several workers in one.
        ClientIds.Lease clientId = ClientIds.claim(config.groupId());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(config, clientId.id()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // Its own id: Kafka's app-info metrics of a producer and a consumer with one id would be one series.
        this.producer = new KafkaProducer<>(producerProperties(connection, clientId.id() + "-producer"),
                new ByteArraySerializer(), new ByteArraySerializer());
        clientMetrics.add(KafkaMeters.bind(consumer, STAGE, registry));
        clientMetrics.add(KafkaMeters.bind(producer, STAGE, registry));
        clientMetrics.add(ConsumerLagMeter.start(connection.bootstrapServers(), clientId.id() + "-lag", config.groupId(),
                List.of(framesTopic), registry));
        clientMetrics.add(clientId);
        this.frameLoop = new ConsumerThread("fer-classifier", consumer, c -> c.subscribe(List.of(framesTopic)),
                records -> serve(consumer, records), "uncommitted frames will be polled again on restart");
    }

    /**
     * Checks the cluster, creates the topics it uses, loads the model (sha256 checked) and the shipped
     * YuNet, then starts polling (and serving {@code /metrics}, {@code /health} unless the port is -1).
     */
    public static ClassifierService start(ClassifierConfig config, ModelSource source, PrometheusMeterRegistry registry) {
        ConnectionConfig connection = config.connection();
        ClusterCheck.requireReachable(connection.bootstrapServers(), ClusterCheck.DEFAULT_LIMIT);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers()))) {
            new TopicProvisioner(admin, connection.topicNames(), Duration.ofSeconds(60))
                    .ensure(List.of(Topics.FRAMES, Topics.PREDICTIONS, Topics.DLQ, Topics.MODELS));
        }
        LiveModel model = source.load();
        List<YuNetDetector> detectors = new ArrayList<>(config.decodeThreads());
        try {
            YuNetDetector.Config detection = YuNetDetector.Config.forFrames(YuNetDetector.shippedModel())
                    .withInputSide(config.detectorSide()).withScoreThreshold(config.faceScore());
            for (int k = 0; k < config.decodeThreads(); k++) {
                detectors.add(YuNetDetector.load(detection));
            }
        } catch (RuntimeException e) {
            detectors.forEach(YuNetDetector::close);
            model.close();
            throw e;
        }
        ClassifierService service = new ClassifierService(config, model, detectors, registry);
        log.info("Classifier serves {} {} ({}) on {} -> {}", model.name(), model.version(), source.describe(),
                service.framesTopic, service.predictionsTopic);
        service.frameLoop.start();
        if (service.releases != null) {
            service.releases.start();
        }
        if (service.accuracy != null) {
            service.accuracy.start();
        }
        if (config.httpPort() >= 0) {
            try {
                service.http = ServiceHttpServer.start(config.httpHost(), config.httpPort(), registry,
                        service.healthChecks());
            } catch (RuntimeException e) {
                service.close();
                throw e;
            }
        }
        return service;
    }

    static Map<String, Object> consumerProperties(ClassifierConfig config, String clientId) {
        Map<String, Object> props = new HashMap<>(config.connection().clientProperties());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the beginning: anything old there is dropped as stale without decoding.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        // Bounded memory: what a poll may buffer, whatever the producers send.
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 << 20);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 << 20);
        return props;
    }

    static Map<String, Object> producerProperties(ConnectionConfig connection, String clientId) {
        Map<String, Object> props = new HashMap<>(connection.clientProperties());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // Live path: send each prediction at once rather than waiting to fill a batch.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    /** One poll: decide every frame, send, wait for the acknowledgements, then commit. */
    private void serve(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> readable = new ArrayList<>();
        List<Frame> readableFrames = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                Frame frame = frames.deserialize(record.topic(), record.value());
                if (frame == null) {
                    throw new SerializationException("empty value (tombstone) on " + record.topic());
                }
                readable.add(record);
                readableFrames.add(frame);
            } catch (SerializationException e) {
                sends.add(deadLetter(record, e));
            }
        }
        List<PollProcessor.Outcome> outcomes;
        try (ModelSlot.Lease<LiveModel> lease = slot.acquire()) {
            outcomes = processor.process(readableFrames, lease.model());
        }
        for (int i = 0; i < outcomes.size(); i++) {
            PollProcessor.Outcome outcome = outcomes.get(i);
            if (outcome instanceof PollProcessor.Outcome.Predicted predicted) {
                Prediction p = predicted.prediction();
                sends.add(producer.send(new ProducerRecord<>(predictionsTopic, p.getSessionId().getBytes(StandardCharsets.UTF_8),
                        predictions.serialize(predictionsTopic, p))));
                metrics.predicted(p);
            } else if (outcome instanceof PollProcessor.Outcome.Unreadable unreadable) {
                sends.add(deadLetter(readable.get(i), unreadable.error()));
            } else {
                metrics.count(ClassifierMetrics.Outcome.DROPPED_STALE);
            }
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending predictions; the poll is not committed", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not send to Kafka; the poll is not committed: " + e.getCause(), e);
            }
        }
        consumer.commitSync();
    }

    private Future<RecordMetadata> deadLetter(ConsumerRecord<byte[], byte[]> record, Exception error) {
        metrics.count(ClassifierMetrics.Outcome.DEAD_LETTER);
        DeadLetter letter = DeadLetters.ofRecord(STAGE, record, error);
        return producer.send(new ProducerRecord<>(dlqTopic, record.key(), deadLetters.serialize(dlqTopic, letter)));
    }

    /**
     * Whether every loop of the service is still running: the frame loop, and where they are on, the
     * release follower and the live-accuracy reader. {@code /health} is DOWN when one is not, naming it.
     */
    public boolean isHealthy() {
        return healthChecks().stream().allMatch(check -> check.isUp().get());
    }

    private List<ServiceHttpServer.HealthCheck> healthChecks() {
        List<ServiceHttpServer.HealthCheck> checks = new ArrayList<>();
        checks.add(new ServiceHttpServer.HealthCheck("loop", frameLoop::isHealthy));
        if (releases != null) {
            checks.add(new ServiceHttpServer.HealthCheck("releases", releases::isHealthy));
        }
        if (accuracy != null) {
            checks.add(new ServiceHttpServer.HealthCheck("accuracy", accuracy::isHealthy));
        }
        return checks;
    }

    /** The port of {@code /metrics}, or -1 when not served. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void close() {
        if (releases != null) {
            releases.close();
        }
        if (accuracy != null) {
            accuracy.close();
        }
        frameLoop.close();
        if (http != null) {
            http.close();
        }
        producer.close(Duration.ofSeconds(5));
        for (AutoCloseable binder : clientMetrics) {
            try {
                binder.close();
            } catch (Exception e) {
                log.debug("closing {}", binder, e);
            }
        }
        processor.close();
        detectors.forEach(YuNetDetector::close);
        slot.close();
    }
}
