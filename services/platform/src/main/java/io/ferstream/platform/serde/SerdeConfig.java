package io.ferstream.platform.serde;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;

/**
 * The serde settings, under Confluent's key names so the same client properties work with
 * Confluent's serializers and ours.
 */
public record SerdeConfig(String schemaRegistryUrl, boolean autoRegisterSchemas, boolean useLatestVersion,
                          boolean specificAvroReader, Duration requestTimeout) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Not a Confluent key; how long one registry call may take. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    public SerdeConfig {
        if (schemaRegistryUrl == null || schemaRegistryUrl.isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, schemaRegistryUrl, "must be set, e.g. http://localhost:8081");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new ConfigException(REQUEST_TIMEOUT_MS, requestTimeout, "must be positive");
        }
    }

    /** Reads the settings from Kafka client configs; defaults as Confluent's serializers. */
    public static SerdeConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        return new SerdeConfig(
                url == null ? null : url.toString(),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, USE_LATEST_VERSION, false),
                bool(configs, SPECIFIC_AVRO_READER, true),
                Duration.ofMillis(longValue(configs, REQUEST_TIMEOUT_MS, 10_000L)));
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "must be true or false");
    }

    private static long longValue(Map<String, ?> configs, String key, long defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a whole number of milliseconds");
        }
    }
}
