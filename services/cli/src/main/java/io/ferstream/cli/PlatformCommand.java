package io.ferstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.registry.SchemaRegistryServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fer platform}: the embedded default in one JVM, a Kafka broker with the pipeline's topics
 * and the schema registry, which every service subcommand can then connect to.
 */
@Command(name = "platform", mixinStandardHelpOptions = true,
        description = "Run the embedded platform: a Kafka broker (with the pipeline's topics) and the schema registry.")
public final class PlatformCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address of both servers. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port. Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port. Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep Kafka's log (and so the schemas) here across restarts. Default: temporary.")
    Path dataDir;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of the pipeline's topic names. Default: none.")
    String topicPrefix;

    @Override
    public Integer call() throws Exception {
        ShutdownLatch latch = new ShutdownLatch("platform");
        EmbeddedKafkaBroker broker = latch.register(EmbeddedKafkaBroker.start(
                new EmbeddedKafkaBroker.Config(host, kafkaPort, dataDir, 6, Map.of())));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            new TopicProvisioner(admin, new TopicNames(topicPrefix), Duration.ofSeconds(60)).ensureAll();
        }
        SchemaRegistryServer registry = latch.register(SchemaRegistryServer.start(
                SchemaRegistryServer.Config.of(broker.bootstrapServers()).withHost(host).withPort(registryPort)));
        System.out.println("Kafka broker ready at " + broker.bootstrapServers());
        System.out.println("Schema registry ready at " + registry.url());
        System.out.println("Services connect with --bootstrap-servers " + broker.bootstrapServers()
                + " --schema-registry-url " + registry.url() + ". Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
