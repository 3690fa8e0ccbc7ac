package io.ferstream.classifier.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.ferstream.classifier.ClassifierConfig;
import io.ferstream.classifier.ClassifierService;
import io.ferstream.classifier.ModelSource;
import io.ferstream.classifier.PollProcessor;
import io.ferstream.events.Frame;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Prediction;
import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.metrics.ServiceMetrics;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.ferstream.registry.SchemaRegistryServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The bench's world in one JVM: an embedded broker and schema registry, one real
 * {@link ClassifierService}, a producer that sends frames at a fixed rate with their capture time set
 * at send, and a reader of {@code fer.predictions} that times each prediction on arrival. Latency is
 * send → arrival on one clock ({@link System#nanoTime}), per frame.
 */
final class LiveBench implements AutoCloseable {

    /** Frames a live session sends at most per second; a higher rate is spread over more sessions. */
    static final int SESSION_FPS = 30;

    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registryServer;
    private final ServiceMetrics metrics;
    private final ClassifierService service;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<Frame> frames;
    private final String framesTopic;
    private final Duration maxFrameAge;
    private final PredictionReader reader;
    private int runs;

    private LiveBench(EmbeddedKafkaBroker broker, SchemaRegistryServer registryServer, ServiceMetrics metrics,
                      ClassifierService service, KafkaProducer<byte[], byte[]> producer, Serializer<Frame> frames,
                      String framesTopic, Duration maxFrameAge, PredictionReader reader) {
        this.broker = broker;
        this.registryServer = registryServer;
        this.metrics = metrics;
        this.service = service;
        this.producer = producer;
        this.frames = frames;
        this.framesTopic = framesTopic;
        this.maxFrameAge = maxFrameAge;
        this.reader = reader;
    }

    /** Starts the broker, the registry, every topic, the classifier ({@code configure} gets the connection) and the bench's clients. */
    static LiveBench start(java.util.function.Function<ConnectionConfig, ClassifierConfig> configure, ModelSource model) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
        SchemaRegistryServer registry = null;
        ClassifierService service = null;
        ServiceMetrics metrics = null;
        try {
            registry = SchemaRegistryServer.start(SchemaRegistryServer.Config.of(broker.bootstrapServers()).withPort(0));
            ConnectionConfig connection = new ConnectionConfig(broker.bootstrapServers(), registry.url(), "");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                new TopicProvisioner(admin, connection.topicNames(), Duration.ofSeconds(60)).ensureAll();
            }
            ClassifierConfig config = configure.apply(connection);
            metrics = ServiceMetrics.prometheus("bench");
            service = ClassifierService.start(config, model, metrics);
            SchemaRegistryClient client = SchemaRegistryClients.forConfig(connection.serdeConfig());
            Map<String, Object> props = new HashMap<>(connection.clientProperties());
            // A live producer: each frame goes out at once (Kafka 4 would wait 5 ms to fill a batch).
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            String predictionsTopic = connection.topicNames().of(Topics.PREDICTIONS);
            PredictionReader reader = new PredictionReader(connection.clientProperties(), predictionsTopic,
                    Topics.PREDICTIONS.valueSerde(client, connection.serdeConfig()).deserializer());
            reader.start();
            return new LiveBench(broker, registry, metrics, service, producer,
                    Topics.FRAMES.valueSerde(client, connection.serdeConfig()).serializer(), connection.topicNames().of(Topics.FRAMES),
                    config.maxFrameAge(), reader);
        } catch (RuntimeException e) {
            if (service != null) {
                service.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            if (registry != null) {
                registry.close();
            }
            broker.close();
            throw e;
        }
    }

    /** What one run at one rate gave. {@code kept}: the predictions of the first frames, by frame index (null where none came). */
    record RunResult(int targetFps, double sentFps, int sent, int predicted, int staleDrops, int deadLetters,
                     LatencySummary latency, Map<String, Double> meanStepMs, double cpuMsPerFrame, Prediction[] kept) {

        /** Frames neither predicted nor accounted for as a stale drop or a dead letter. */
        int missing() {
            return sent - predicted - staleDrops - deadLetters;
        }
    }

    /**
     * Sends {@code fps} frames a second for {@code duration}, cycling through {@code pool}, spread over
     * {@code ceil(fps / 30)} sessions, then waits until every frame is predicted, dropped or dead-lettered
     * (or the wait runs out). {@code keep}: how many of the first frames' predictions to keep.
     */
    RunResult run(List<BenchFrame> pool, int fps, Duration duration, int keep) throws InterruptedException {
        int count = (int) Math.max(1, Math.round(fps * duration.toNanos() / 1e9));
        int sessions = (fps + SESSION_FPS - 1) / SESSION_FPS;
        Run run = new Run("r" + (++runs) + "-", count, keep);
        double staleBefore = counter("dropped_stale");
        double deadBefore = counter("dead_letter");
        reader.follow(run);
        long cpuBefore = processCpuNanos();
        long period = Math.round(1e9 / fps);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + i * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(run, i, pool.get(i % pool.size()), "bench-" + run.prefix + (i % sessions), i / sessions);
        }
        double sentFps = count / ((System.nanoTime() - start) / 1e9);
        producer.flush();
        long deadline = System.nanoTime() + maxFrameAge.toNanos() + TimeUnit.SECONDS.toNanos(10);
        while (run.predicted() + counter("dropped_stale") - staleBefore + counter("dead_letter") - deadBefore < count
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Predictions still on their way after the frames were all accounted for (none in a healthy run).
        Thread.sleep(100);
        reader.follow(null);
        double cpuMsPerFrame = (processCpuNanos() - cpuBefore) / 1e6 / count;
        return new RunResult(fps, sentFps, count, run.predicted(), (int) (counter("dropped_stale") - staleBefore),
                (int) (counter("dead_letter") - deadBefore), LatencySummary.of(run.latencyMs, run.predicted()), run.meanStepMs(),
                cpuMsPerFrame, run.kept);
    }

    private void send(Run run, int index, BenchFrame scene, String session, long sequence) {
        Instant now = Instant.now();
        Frame frame = Frame.newBuilder().setId(run.prefix + index).setSessionId(session).setSequence(sequence)
                .setWidth(SceneComposer.WIDTH).setHeight(SceneComposer.HEIGHT).setEncoding(ImageEncoding.JPEG)
                .setPixels(ByteBuffer.wrap(scene.jpeg())).setCapturedAt(now).setReceivedAt(now).build();
        byte[] value = frames.serialize(framesTopic, frame);
        run.sentNanos[index] = System.nanoTime();
        producer.send(new ProducerRecord<>(framesTopic, session.getBytes(StandardCharsets.UTF_8), value));
    }

    /**
     * CPU time of this whole JVM (broker, registry, bench clients and classifier, ONNX Runtime's threads
     * included): per frame, the cost of a change, which other processes on the machine disturb far less
     * than they disturb latency.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private double counter(String outcome) {
        return metrics.get("fer_classifier_frames").tag("outcome", outcome).counter().count();
    }

    /** Whether the classifier's loops are all alive (a dead one would make every figure meaningless). */
    boolean classifierHealthy() {
        return service.isHealthy();
    }

    @Override
    public void close() {
        reader.close();
        producer.close(Duration.ofSeconds(5));
        service.close();
        metrics.close();
        registryServer.close();
        broker.close();
    }

    /** One run's frames: send times by frame index, and latencies in arrival order (arrays sized up front: the flood measures RSS). */
    private static final class Run {
        final String prefix;
        final long[] sentNanos;
        final double[] latencyMs;
        final Prediction[] kept;
        private final AtomicInteger predicted = new AtomicInteger();
        /** Sums of the classifier's own step latencies ({@code latenciesMs}), in {@link PollProcessor#STEPS} order; the reader thread's alone. */
        private final double[] stepSums = new double[PollProcessor.STEPS.size()];

        Run(String prefix, int frames, int keep) {
            this.prefix = prefix;
            this.sentNanos = new long[frames];
            this.latencyMs = new double[frames];
            this.kept = new Prediction[Math.min(keep, frames)];
        }

        /** Records a prediction of this run's frame {@code index} that arrived at {@code arrivedNanos}. */
        void arrived(int index, Prediction prediction, long arrivedNanos) {
            int slot = predicted.getAndIncrement();
            if (slot < latencyMs.length) {
                latencyMs[slot] = (arrivedNanos - sentNanos[index]) / 1e6;
            }
            if (index < kept.length) {
                kept[index] = prediction;
            }
            for (int k = 0; k < stepSums.length; k++) {
                stepSums[k] += prediction.getLatenciesMs().getOrDefault(PollProcessor.STEPS.get(k), 0.0);
            }
        }

        /** The mean of each step the classifier reports, over the predictions so far. */
        Map<String, Double> meanStepMs() {
            Map<String, Double> means = new java.util.LinkedHashMap<>();
            int n = Math.max(1, predicted());
            for (int k = 0; k < stepSums.length; k++) {
                means.put(PollProcessor.STEPS.get(k), stepSums[k] / n);
            }
            return means;
        }

        int predicted() {
            return predicted.get();
        }
    }

    /** Reads every partition of {@code fer.predictions} from its end, on a thread of its own, and hands each prediction to the run it belongs to. */
    private static final class PredictionReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final Deserializer<Prediction> predictions;
        private final Thread thread;
        private final CountDownLatch ready = new CountDownLatch(1);
        private volatile Run run;
        private volatile boolean running = true;

        PredictionReader(Map<String, Object> clientProperties, String topic, Deserializer<Prediction> predictions) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.topic = topic;
            this.predictions = predictions;
            this.thread = new Thread(this::read, "bench-predictions");
        }

        void start() {
            thread.start();
            try {
                if (!ready.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the prediction reader did not find " + topic + " within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the prediction reader", e);
            }
        }

        void follow(Run next) {
            run = next;
        }

        private void read() {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                ready.countDown();
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    // Arrival is when the poll hands them over, not after deserializing the ones before.
                    long arrived = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        Run current = run;
                        Prediction prediction = predictions.deserialize(topic, record.value());
                        if (current != null && prediction.getFrameId().startsWith(current.prefix)) {
                            current.arrived(Integer.parseInt(prediction.getFrameId().substring(current.prefix.length())),
                                    prediction, arrived);
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
