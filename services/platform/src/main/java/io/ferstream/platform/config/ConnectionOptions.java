package io.ferstream.platform.config;

import picocli.CommandLine.Option;

/** The connection flags every service subcommand shares; Confluent's names, so scripts stay uniform. */
public final class ConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "localhost:9092",
            description = "Kafka brokers (env FER_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL[,...]", defaultValue = "http://localhost:8081",
            description = "Confluent-compatible schema registry (env FER_SCHEMA_REGISTRY_URL). Default: ${DEFAULT-VALUE}.")
    String schemaRegistryUrl;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "Prefix for every topic name, e.g. 'staging.' (env FER_TOPIC_PREFIX). Default: none.")
    String topicPrefix;

    public ConnectionConfig toConfig() {
        return new ConnectionConfig(bootstrapServers, schemaRegistryUrl, topicPrefix);
    }
}
