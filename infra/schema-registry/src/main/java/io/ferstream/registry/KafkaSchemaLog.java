package io.ferstream.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code _schemas} topic: creates or validates it, tails it on a background thread into a record sink (the
 * {@link SchemaStore}), and appends records synchronously with an idempotent, one-request-in-flight producer.
 */
final class KafkaSchemaLog implements SchemaLog, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final TopicPartition partition;
    private final Duration timeout;
    private final Consumer<StoreRecord> sink;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;

    private final Object positionLock = new Object();
    /** Next offset the reader will apply: every record below it is in the store. */
    private long position;
    private RuntimeException readerFailure;
    private volatile boolean running = true;
    private boolean closed;

    private KafkaSchemaLog(String bootstrapServers, String topic, Duration timeout, Consumer<StoreRecord> sink) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        this.sink = sink;
        this.admin = Admin.create(adminProps(bootstrapServers, timeout));
        KafkaProducer<byte[], byte[]> createdProducer = null;
        try {
            createdProducer = new KafkaProducer<>(producerProps(bootstrapServers, timeout));
            this.consumer = new KafkaConsumer<>(consumerProps(bootstrapServers));
        } catch (RuntimeException e) {
            if (createdProducer != null) {
                createdProducer.close(Duration.ZERO);
            }
            admin.close(Duration.ZERO);
            throw e;
        }
        this.producer = createdProducer;
        this.reader = new Thread(this::readLoop, "schema-registry-reader-" + topic);
        this.reader.setDaemon(true);
    }

    /**
     * Ensures the topic, reads it up to its current end into {@code sink}, and keeps tailing it.
     *
     * @throws IllegalStateException when Kafka cannot be reached, or the topic exists with the wrong layout
     */
    static KafkaSchemaLog open(String bootstrapServers, String topic, Duration timeout, Consumer<StoreRecord> sink) {
        KafkaSchemaLog schemaLog = new KafkaSchemaLog(bootstrapServers, topic, timeout, sink);
        try {
            schemaLog.ensureTopic();
            schemaLog.consumer.assign(List.of(schemaLog.partition));
            schemaLog.consumer.seekToBeginning(List.of(schemaLog.partition));
            schemaLog.reader.start();
            schemaLog.awaitCaughtUp();
            return schemaLog;
        } catch (RegistryException e) {
            schemaLog.close();
            throw new IllegalStateException("Could not read topic '" + topic + "' from " + bootstrapServers
                    + " within " + timeout + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            schemaLog.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- topic

    private void ensureTopic() {
        try {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            NewTopic newTopic = new NewTopic(topic, 1, replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Created schema topic '{}' (1 partition, replication factor {}, compacted)", topic, replication);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                verifyExistingTopic();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing schema topic '" + topic + "'", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Could not create or check schema topic '" + topic + "' within "
                    + timeout + ": " + cause, cause);
        }
    }

    private void verifyExistingTopic() throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int partitions = description.partitions().size();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        String policy = Optional.ofNullable(config.get(TopicConfig.CLEANUP_POLICY_CONFIG))
                .map(ConfigEntry::value).orElse("");
        Set<String> policies = Set.copyOf(Arrays.stream(policy.split(",")).map(String::trim).toList());
        boolean compactOnly = policies.equals(Set.of(TopicConfig.CLEANUP_POLICY_COMPACT));
        if (partitions != 1 || !compactOnly) {
            throw new IllegalStateException("Schema topic '" + topic + "' exists but has " + partitions
                    + " partition(s) and cleanup.policy=" + policy + "; the schema registry needs exactly 1 partition"
                    + " and cleanup.policy=compact (otherwise schemas get lost or reordered). Fix or delete the topic,"
                    + " or choose another one.");
        }
        log.info("Using existing schema topic '{}'", topic);
    }

    // ---------------------------------------------------------------- reading

    private void readLoop() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        applyRecord(record);
                    }
                    long next = consumer.position(partition, timeout);
                    synchronized (positionLock) {
                        if (next > position) {
                            position = next;
                            positionLock.notifyAll();
                        }
                    }
                } catch (WakeupException e) {
                    // close() woke us up; the loop condition decides
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    log.warn("Reading schema topic '{}' failed; retrying", topic, e);
                    sleepQuietly(500);
                }
            }
        } catch (Error e) {
            synchronized (positionLock) {
                readerFailure = new IllegalStateException("Schema topic reader died", e);
                positionLock.notifyAll();
            }
            throw e;
        } finally {
            synchronized (positionLock) {
                if (readerFailure == null) {
                    readerFailure = new IllegalStateException("Schema registry is closed");
                }
                positionLock.notifyAll();
            }
        }
    }

    private void applyRecord(ConsumerRecord<byte[], byte[]> record) {
        Optional<StoreRecord> decoded;
        try {
            decoded = StoreRecordCodec.decode(record.key(), record.value());
        } catch (IllegalArgumentException e) {
            log.warn("Skipping malformed record at offset {} of '{}': {}", record.offset(), topic, e.getMessage());
            return;
        }
        decoded.ifPresent(sink);
    }

    /** Waits until every record below {@code offset} has been applied. */
    private void awaitPosition(long offset) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (positionLock) {
            while (position < offset) {
                if (readerFailure != null) {
                    throw RegistryException.storeError(readerFailure.getMessage(), readerFailure);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw RegistryException.timeout("Timed out after " + timeout + " waiting for the schema topic '"
                            + topic + "' to be read up to offset " + offset + " (at " + position + ")");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(positionLock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryException.timeout("Interrupted while waiting for the schema topic");
                }
            }
        }
    }

    @Override
    public void awaitCaughtUp() {
        awaitPosition(endOffset());
    }

    /**
     * The partition's end offset, asked of its leader. Right after the topic is created the leader may
     * not host the partition yet; retriable errors are retried until the timeout. Once this answers,
     * the partition is also safe to write (see KAFKA-15591).
     */
    private long endOffset() {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                        .get(remainingMs, TimeUnit.MILLISECONDS).offset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.timeout("Interrupted while reading the end offset of '" + topic + "'");
            } catch (TimeoutException e) {
                throw RegistryException.timeout("Timed out after " + timeout + " reading the end offset of '" + topic + "'");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw RegistryException.storeError("Cannot read the end offset of '" + topic + "': " + e.getCause(),
                            e.getCause());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw RegistryException.timeout("Interrupted while reading the end offset of '" + topic + "'");
                }
            }
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void append(List<StoreRecord> records) {
        long last = -1;
        for (StoreRecord record : records) {
            ProducerRecord<byte[], byte[]> producerRecord = new ProducerRecord<>(topic, 0,
                    StoreRecordCodec.encodeKey(record), StoreRecordCodec.encodeValue(record));
            try {
                RecordMetadata metadata = producer.send(producerRecord).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                last = metadata.offset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.timeout("Interrupted while writing to '" + topic + "'");
            } catch (TimeoutException e) {
                throw RegistryException.timeout("Timed out after " + timeout + " writing to '" + topic + "'");
            } catch (ExecutionException e) {
                throw RegistryException.storeError("Error while writing to the schema topic '" + topic + "': "
                        + e.getCause(), e.getCause());
            } catch (RuntimeException e) {
                throw RegistryException.storeError("Error while writing to the schema topic '" + topic + "': " + e, e);
            }
        }
        if (last >= 0) {
            awaitPosition(last + 1);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        running = false;
        if (reader.isAlive()) {
            consumer.wakeup();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!reader.isAlive()) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } else {
            log.warn("Schema topic reader did not stop in time");
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Properties adminProps(String bootstrapServers, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "fer-schema-registry-admin");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return p;
    }

    private static Properties producerProps(String bootstrapServers, Duration timeout) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "fer-schema-registry-writer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // KAFKA-15591: with more than one request in flight the first write to a new topic can be lost.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static Properties consumerProps(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fer-schema-registry-reader");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
