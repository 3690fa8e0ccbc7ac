package io.ferstream.embedder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.ferstream.embedder.embedding.Embedder;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.stage.StreamsApp;
import io.ferstream.platform.topics.ClusterCheck;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.OpenCvLoader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** One running embedder instance: its Kafka Streams application and its /metrics and /health. */
public final class EmbedderService implements AutoCloseable {

    private final StreamsApp app;

    /** How an embedder instance runs; validated, errors name the flag. */
    public record Config(ConnectionConfig connection, String applicationId, int threads, EmbedderTopology.Settings settings,
                         String httpHost, int httpPort, Path stateDir) {
        public Config {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(settings, "settings");
            if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]+")) {
                throw new InvalidConfigException("application-id", applicationId, "letters, digits, '.', '_' and '-' only");
            }
            if (threads < 1 || threads > 64) {
                throw new InvalidConfigException("threads", threads, "must be in 1..64");
            }
            Objects.requireNonNull(stateDir, "stateDir");
        }
    }

    private EmbedderService(StreamsApp app) {
        this.app = app;
    }

    public static EmbedderService start(Config config, Supplier<? extends Embedder> embedders,
                                        PrometheusMeterRegistry registry) {
        ConnectionConfig connection = config.connection();
        ClusterCheck.requireReachable(connection.bootstrapServers(), ClusterCheck.DEFAULT_LIMIT);
        // One OpenCV thread per stream thread: on 48x48 images OpenCV's own pool costs more than it gains.
        OpenCvLoader.setNumThreads(1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers()))) {
            new TopicProvisioner(admin, connection.topicNames(), Duration.ofSeconds(60)).ensure(List.of(
                    Topics.IMAGES_FACES, Topics.IMAGES_REJECTED, Topics.RUNS, Topics.IMAGES_TYPICAL, Topics.CLASS_STATS,
                    Topics.LABEL_VERDICTS, Topics.DLQ));
        }
        SerdeConfig serdeConfig = connection.serdeConfig();
        SchemaRegistryClient client = SchemaRegistryClients.forConfig(serdeConfig);
        EmbedderTopology.PublicSerdes serdes = new EmbedderTopology.PublicSerdes(
                Topics.IMAGES_FACES.valueSerde(client, serdeConfig), Topics.RUNS.valueSerde(client, serdeConfig),
                Topics.CLASS_STATS.valueSerde(client, serdeConfig), Topics.DLQ.valueSerde(client, serdeConfig),
                Topics.LABEL_VERDICTS.valueSerde(client, serdeConfig));
        StreamsApp app = StreamsApp.start(EmbedderTopology.STAGE, config.applicationId(),
                EmbedderTopology.build(connection.topicNames(), config.settings(), embedders, serdes, registry),
                StreamsApp.properties(connection, config.applicationId(), config.threads(), config.stateDir()), registry,
                config.httpHost(), config.httpPort());
        return new EmbedderService(app);
    }

    public StreamsApp app() {
        return app;
    }

    public int httpPort() {
        return app.httpPort();
    }

    @Override
    public void close() {
        app.close();
    }
}
