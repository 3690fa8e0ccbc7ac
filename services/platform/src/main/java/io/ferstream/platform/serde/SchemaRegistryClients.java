package io.ferstream.platform.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client per registry URL in a JVM, so every serializer and deserializer of a process shares
 * the id and schema caches (Kafka builds serdes reflectively and cannot hand one in).
 */
public final class SchemaRegistryClients {

    private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient forConfig(SerdeConfig config) {
        return CLIENTS.computeIfAbsent(config.schemaRegistryUrl(),
                url -> new SchemaRegistryClient(url, config.requestTimeout()));
    }
}
