package io.ferstream.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.registry.SchemaRegistryServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer registry}: the Confluent-API-compatible schema registry, storing schemas in Kafka. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Run the Confluent-compatible schema registry (schemas kept in a compacted Kafka topic).")
public final class RegistryCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "localhost:9092",
            description = "Kafka brokers that hold the schemas topic (env FER_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (0.0.0.0 for all). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8081", description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--schemas-topic", defaultValue = "_schemas",
            description = "Compacted topic that stores the schemas, as Confluent's. Default: ${DEFAULT-VALUE}.")
    String schemasTopic;

    @Override
    public Integer call() throws Exception {
        ShutdownLatch latch = new ShutdownLatch("registry");
        SchemaRegistryServer server = latch.register(SchemaRegistryServer.start(
                new SchemaRegistryServer.Config(bootstrapServers, host, port, schemasTopic, Duration.ofSeconds(60))));
        System.out.println("Schema registry ready at " + server.url() + " (schemas in topic " + schemasTopic
                + " on " + bootstrapServers + "). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
