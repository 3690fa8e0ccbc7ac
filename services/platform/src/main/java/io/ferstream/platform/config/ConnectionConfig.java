package io.ferstream.platform.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.topics.TopicNames;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where the cluster and the schema registry are, shared by every service's config record.
 * Keys are the flag names ({@code bootstrap-servers}, ...), which is also how errors name them.
 */
public record ConnectionConfig(String bootstrapServers, String schemaRegistryUrl, String topicPrefix) {

    public ConnectionConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new InvalidConfigException("bootstrap-servers", bootstrapServers, "must list at least one host:port");
        }
        for (String server : bootstrapServers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new InvalidConfigException("bootstrap-servers", bootstrapServers, "each entry must be host:port");
            }
        }
        if (schemaRegistryUrl == null || schemaRegistryUrl.isBlank()) {
            throw new InvalidConfigException("schema-registry-url", schemaRegistryUrl, "must be http(s)://host:port");
        }
        for (String url : schemaRegistryUrl.split(",")) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("schema-registry-url", schemaRegistryUrl, e.getMessage());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidConfigException("schema-registry-url", schemaRegistryUrl, "must be http(s)://host:port");
            }
        }
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        try {
            new TopicNames(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("topic-prefix", topicPrefix, e.getMessage());
        }
    }

    public TopicNames topicNames() {
        return new TopicNames(topicPrefix);
    }

    public SerdeConfig serdeConfig() {
        return new SerdeConfig(schemaRegistryUrl, true, false, true, Duration.ofSeconds(10));
    }

    /** The common client settings: bootstrap servers plus the serde keys under Confluent's names. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(SerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return props;
    }
}
