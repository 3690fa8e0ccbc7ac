package io.ferstream.platform.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.http.ServiceHttpServer;
import io.ferstream.platform.metrics.ClientIds;
import io.ferstream.platform.metrics.ConsumerLagMeter;
import io.ferstream.platform.metrics.KafkaMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams application the way every service of the pipeline does: exactly-once
 * (EOS v2), read_committed, a replaced stream thread on an unexpected error (bad records never get
 * that far: they are dead-lettered), Kafka Streams' own metrics bound to Micrometer with the tag
 * {@code stage}, a stable client id ({@link ClientIds}: no UUID, so no new series every run) and the
 * group's lag ({@link ConsumerLagMeter}).
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final String applicationId;
    private final KafkaStreams streams;
    private final ClientIds.Lease clientId;
    private final AutoCloseable streamsMetrics;
    private final ConsumerLagMeter lag;
    private ServiceHttpServer http;

    private StreamsApp(String applicationId, KafkaStreams streams, ClientIds.Lease clientId, AutoCloseable streamsMetrics,
                       ConsumerLagMeter lag) {
        this.applicationId = applicationId;
        this.streams = streams;
        this.clientId = clientId;
        this.streamsMetrics = streamsMetrics;
        this.lag = lag;
    }

    /** The settings every stage uses; callers may add to them before {@link #start}. */
    public static Properties properties(ConnectionConfig connection, String applicationId, int threads, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(SerdeConfig.SCHEMA_REGISTRY_URL, connection.schemaRegistryUrl());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Our topologies catch their own errors (dead letters); this only applies the same handler
        // everywhere and silences Kafka's start-up warning about the global thread.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return props;
    }

    /** A fresh private state directory (stateless stages need one only for Kafka Streams' own lock files). */
    public static Path temporaryStateDir(String applicationId) {
        try {
            return Files.createTempDirectory("fer-streams-" + applicationId + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a Kafka Streams state directory", e);
        }
    }

    /**
     * Starts the application of pipeline stage {@code stage}; with {@code httpPort >= 0} (0 = any free
     * port) it also serves {@code /metrics} and {@code /health} (healthy while running or rebalancing)
     * until closed. Its client id is the application id, with an instance suffix when another app of
     * this JVM holds that id already.
     */
    public static StreamsApp start(String stage, String applicationId, Topology topology, Properties props,
                                   PrometheusMeterRegistry registry, String httpHost, int httpPort) {
        ClientIds.Lease clientId = ClientIds.claim(applicationId);
        Properties withClientId = new Properties();
        withClientId.putAll(props);
        withClientId.put(StreamsConfig.CLIENT_ID_CONFIG, clientId.id());
        KafkaStreams streams = new KafkaStreams(topology, withClientId);
        streams.setUncaughtExceptionHandler(error -> {
            log.error("{}: stream thread failed, replacing it", applicationId, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING || newState == KafkaStreams.State.ERROR) {
                log.info("{} is {}", applicationId, newState);
            }
        });
        AutoCloseable streamsMetrics = KafkaMeters.bind(streams, stage, registry);
        ConsumerLagMeter lag = ConsumerLagMeter.start(props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG),
                clientId.id() + "-lag", applicationId, sourceTopics(topology), registry);
        streams.start();
        StreamsApp app = new StreamsApp(applicationId, streams, clientId, streamsMetrics, lag);
        if (httpPort >= 0) {
            try {
                app.http = ServiceHttpServer.start(httpHost, httpPort, registry,
                        List.of(new ServiceHttpServer.HealthCheck("streams", app::isHealthy)));
            } catch (RuntimeException e) {
                app.close();
                throw e;
            }
        }
        return app;
    }

    /** The topics the topology reads by name (internal ones unprefixed; the lag meter skips those that do not exist). */
    static Set<String> sourceTopics(Topology topology) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    topics.addAll(source.topicSet());
                }
            }
        }
        return topics;
    }

    /** The Kafka client id this application's clients are named after. */
    public String clientId() {
        return clientId.id();
    }

    /** The port of {@code /metrics}, or -1 when not served. */
    public synchronized int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** True while the application processes or rebalances (what {@code /health} reports). */
    public boolean isHealthy() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                || state == KafkaStreams.State.CREATED;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public String applicationId() {
        return applicationId;
    }

    /**
     * Stops after committing, and leaves the consumer group at once so the remaining workers take
     * over its partitions now instead of after the session timeout (45 s): scaling in is instant.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (http != null) {
                http.close();
                http = null;
            }
        }
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        closeQuietly(streamsMetrics);
        lag.close();
        clientId.close();
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("{}: cannot release {}", applicationId, resource, e);
        }
    }
}
