package io.ferstream.registry;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.registry.SchemaStore.VersionEntry;

/** The JSON shapes of Confluent's REST API that more than one resource answers with. */
final class RegistryJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"subject", "version", "id", "schema"}}. */
    static ObjectNode version(VersionEntry entry) {
        ObjectNode body = object();
        body.put("subject", entry.subject());
        body.put("version", entry.version());
        body.put("id", entry.id());
        body.put("schema", entry.schema());
        return body;
    }

    /** Integers as numbers, anything else as strings. */
    static ArrayNode array(List<?> values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Object value : values) {
            if (value instanceof Integer number) {
                array.add(number);
            } else {
                array.add(String.valueOf(value));
            }
        }
        return array;
    }
}
