package io.ferstream.platform.stage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.ClusterCheck;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;

/**
 * One running filter stage: its topology on Kafka Streams plus, when asked, its own
 * {@code /metrics} and {@code /health}. Start several with the same application id (in one JVM or
 * many) and they share the input partitions.
 */
public final class ImageStageService implements AutoCloseable {

    private final StreamsApp app;

    /** How a stage instance runs; validated, with errors naming the flag. */
    public record Config(ConnectionConfig connection, String applicationId, int threads, SplitPolicy policy,
                         String httpHost, int httpPort, Path stateDir) {
        public Config {
            Objects.requireNonNull(connection, "connection");
            if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]+")) {
                throw new InvalidConfigException("application-id", applicationId, "letters, digits, '.', '_' and '-' only");
            }
            if (threads < 1 || threads > 64) {
                throw new InvalidConfigException("threads", threads, "must be in 1..64");
            }
            if (httpPort < -1 || httpPort > 65535) {
                throw new InvalidConfigException("metrics-port", httpPort, "must be -1 (off), 0 (any) or a port");
            }
            Objects.requireNonNull(policy, "policy");
        }
    }

    private ImageStageService(StreamsApp app) {
        this.app = app;
    }

    /** Ensures the topics, then starts the stage. */
    public static ImageStageService start(ImageStageTopology.Spec spec, Config config,
                                          Supplier<? extends ImageJudge> judges, PrometheusMeterRegistry registry) {
        ConnectionConfig connection = config.connection();
        ClusterCheck.requireReachable(connection.bootstrapServers(), ClusterCheck.DEFAULT_LIMIT);
        TopicNames names = connection.topicNames();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                connection.bootstrapServers()))) {
            new TopicProvisioner(admin, names, Duration.ofSeconds(60))
                    .ensure(List.of(spec.input(), spec.output(), Topics.IMAGES_REJECTED, Topics.DLQ));
        }
        SerdeConfig serdeConfig = connection.serdeConfig();
        SchemaRegistryClient client = SchemaRegistryClients.forConfig(serdeConfig);
        Serde<FaceImage> images = spec.input().valueSerde(client, serdeConfig);
        Serde<DeadLetter> deadLetters = Topics.DLQ.valueSerde(client, serdeConfig);
        Topology topology = ImageStageTopology.build(spec, names, judges, images, deadLetters,
                new StageMetrics(spec.stage(), spec.failureReasons(), registry));
        Path stateDir = config.stateDir() != null ? config.stateDir() : StreamsApp.temporaryStateDir(config.applicationId());
        StreamsApp app = StreamsApp.start(spec.stage(), config.applicationId(), topology,
                StreamsApp.properties(connection, config.applicationId(), config.threads(), stateDir), registry,
                config.httpHost(), config.httpPort());
        return new ImageStageService(app);
    }

    public StreamsApp app() {
        return app;
    }

    /** The metrics port actually bound, or -1 when metrics are off. */
    public int httpPort() {
        return app.httpPort();
    }

    @Override
    public void close() {
        app.close();
    }
}
