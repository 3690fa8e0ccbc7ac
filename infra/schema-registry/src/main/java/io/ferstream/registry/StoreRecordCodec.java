package io.ferstream.registry;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.registry.StoreRecord.ConfigRecord;
import io.ferstream.registry.StoreRecord.DeleteSubjectRecord;
import io.ferstream.registry.StoreRecord.SchemaRecord;
import io.ferstream.registry.StoreRecord.SchemaValue;

/**
 * JSON layout of the {@code _schemas} topic, the same as Confluent Schema Registry's:
 * <pre>
 * key   {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
 * value {"subject":"s","version":1,"id":7,"schema":"...","deleted":false}      (null: hard delete)
 * key   {"keytype":"CONFIG","subject":"s" or null,"magic":0}
 * value {"compatibilityLevel":"FULL"}                                          (null: back to default)
 * </pre>
 * Keys are written with a fixed field order so that compaction sees the same bytes for the same key.
 */
final class StoreRecordCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoreRecordCodec() {
    }

    static byte[] encodeKey(StoreRecord record) {
        ObjectNode key = MAPPER.createObjectNode();
        if (record instanceof SchemaRecord schema) {
            key.put("keytype", "SCHEMA");
            key.put("subject", schema.subject());
            key.put("version", schema.version());
            key.put("magic", 1);
        } else if (record instanceof ConfigRecord config) {
            key.put("keytype", "CONFIG");
            if (config.subject() == null) {
                key.putNull("subject");
            } else {
                key.put("subject", config.subject());
            }
            key.put("magic", 0);
        } else if (record instanceof DeleteSubjectRecord delete) {
            key.put("keytype", "DELETE_SUBJECT");
            key.put("subject", delete.subject());
            key.put("magic", 0);
        }
        return write(key);
    }

    /** The value bytes, or null for a tombstone. */
    static byte[] encodeValue(StoreRecord record) {
        if (record instanceof SchemaRecord schema) {
            if (schema.value() == null) {
                return null;
            }
            ObjectNode value = MAPPER.createObjectNode();
            value.put("subject", schema.subject());
            value.put("version", schema.version());
            value.put("id", schema.value().id());
            value.put("schema", schema.value().schema());
            value.put("deleted", schema.value().deleted());
            return write(value);
        } else if (record instanceof ConfigRecord config) {
            if (config.level() == null) {
                return null;
            }
            ObjectNode value = MAPPER.createObjectNode();
            value.put("compatibilityLevel", config.level().name());
            return write(value);
        } else if (record instanceof DeleteSubjectRecord delete) {
            ObjectNode value = MAPPER.createObjectNode();
            value.put("subject", delete.subject());
            value.put("version", delete.version());
            return write(value);
        }
        throw new IllegalArgumentException("Unknown record " + record);
    }

    /**
     * Decodes one log record.
     *
     * @return empty for key types this registry does not use (NOOP, MODE, ...)
     * @throws IllegalArgumentException when the record is malformed
     */
    static Optional<StoreRecord> decode(byte[] keyBytes, byte[] valueBytes) {
        if (keyBytes == null) {
            throw new IllegalArgumentException("record without a key");
        }
        JsonNode key = read(keyBytes);
        String keyType = key.path("keytype").asText("").toUpperCase(Locale.ROOT);
        JsonNode value = valueBytes == null ? null : read(valueBytes);
        switch (keyType) {
            case "SCHEMA": {
                String subject = requiredText(key, "subject");
                int version = requiredInt(key, "version");
                if (value == null || value.isNull()) {
                    return Optional.of(new SchemaRecord(subject, version, null));
                }
                return Optional.of(new SchemaRecord(subject, version, new SchemaValue(
                        requiredInt(value, "id"), requiredText(value, "schema"), value.path("deleted").asBoolean(false))));
            }
            case "CONFIG": {
                JsonNode subjectNode = key.get("subject");
                String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
                if (value == null || value.isNull()) {
                    return Optional.of(new ConfigRecord(subject, null));
                }
                String levelName = value.path("compatibilityLevel").asText(null);
                if (levelName == null) {
                    // e.g. a config record that only sets other Confluent options: no level of its own
                    return Optional.of(new ConfigRecord(subject, null));
                }
                CompatibilityLevel level = CompatibilityLevel.parse(levelName).orElseThrow(
                        () -> new IllegalArgumentException("unknown compatibility level " + levelName));
                return Optional.of(new ConfigRecord(subject, level));
            }
            case "DELETE_SUBJECT": {
                if (value == null || value.isNull()) {
                    return Optional.empty();
                }
                return Optional.of(new DeleteSubjectRecord(requiredText(value, "subject"), requiredInt(value, "version")));
            }
            default:
                return Optional.empty();
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || !child.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "' in " + node);
        }
        return child.asText();
    }

    private static int requiredInt(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || !child.canConvertToInt() || !child.isIntegralNumber()) {
            throw new IllegalArgumentException("missing integer field '" + field + "' in " + node);
        }
        return child.intValue();
    }

    private static JsonNode read(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !(node.isObject() || node.isNull())) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize " + node, e);
        }
    }
}
