package io.ferstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A response: status plus the exact body text. */
record RegistryResponse(int status, String body) {

    static RegistryResponse ok(JsonNode body) {
        return new RegistryResponse(200, body.toString());
    }

    /** A 200 whose body is {@code text} as it is (a raw schema). */
    static RegistryResponse okText(String text) {
        return new RegistryResponse(200, text);
    }

    /** Confluent's error body: {@code {"error_code": n, "message": "..."}}. */
    static RegistryResponse error(int status, int errorCode, String message) {
        ObjectNode body = RegistryJson.object();
        body.put("error_code", errorCode);
        body.put("message", message);
        return new RegistryResponse(status, body.toString());
    }
}
