package io.ferstream.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * A REST request as the registry's resources see it: method, percent-decoded path segments, query
 * flags and the JSON body, with the HTTP errors that come from the request itself (404, 405, 415,
 * 422) rather than from the registry's state.
 */
final class RegistryRequest {

    /** Request media types Confluent's server consumes. */
    private static final Set<String> ACCEPTED_BODY_TYPES = Set.of(
            "application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json",
            "application/json",
            "application/octet-stream");

    private final HttpExchange exchange;
    private final String method;
    private final List<String> path;
    private final Map<String, String> query;

    RegistryRequest(HttpExchange exchange) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        this.path = pathSegments(exchange.getRequestURI().getRawPath());
        this.query = queryParams(exchange.getRequestURI().getRawQuery());
    }

    String method() {
        return method;
    }

    List<String> path() {
        return path;
    }

    String segment(int index) {
        return path.get(index);
    }

    /** A query parameter's value, or null. */
    String query(String name) {
        return query.get(name);
    }

    boolean flag(String name) {
        return "true".equalsIgnoreCase(query.getOrDefault(name, "").trim());
    }

    /** Runs {@code action} if this is a {@code method} request, else answers 405. */
    RegistryResponse only(String method, Supplier<RegistryResponse> action) {
        if (!method.equals(this.method)) {
            throw methodNotAllowed();
        }
        return action.get();
    }

    RegistryException notFound() {
        return new RegistryException(404, 404, "HTTP 404 Not Found: " + method + " " + exchange.getRequestURI().getRawPath());
    }

    static RegistryException methodNotAllowed() {
        return new RegistryException(405, 405, "HTTP 405 Method Not Allowed");
    }

    /** The {@code schema} of a register/lookup/compatibility body, after rejecting what this registry lacks. */
    String schemaFromBody() {
        JsonNode body = jsonBody();
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw RegistryException.invalidSchema("Invalid schema type " + type.asText()
                    + ": this registry only supports AVRO");
        }
        JsonNode references = body.get("references");
        if (references != null && !references.isNull() && !(references.isArray() && references.isEmpty())) {
            throw RegistryException.invalidSchema("Schema references are not supported by this registry");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || schema.isNull()) {
            throw RegistryException.invalidSchema("Invalid schema: the request has no 'schema' field");
        }
        if (!schema.isTextual()) {
            throw RegistryException.malformedRequest("'schema' must be a JSON string holding the schema");
        }
        return schema.asText();
    }

    /** The body's text field {@code name}; null when absent or JSON null. */
    String textFromBody(String name) {
        JsonNode value = jsonBody().get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The body as a JSON object: 415 for an unsupported Content-Type, 422 for anything but a JSON object. */
    private ObjectNode jsonBody() {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !contentType.isBlank()) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!ACCEPTED_BODY_TYPES.contains(mediaType)) {
                throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type: " + contentType);
            }
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw RegistryException.malformedRequest("Cannot read the request body: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw RegistryException.malformedRequest("The request body is empty; a JSON object is expected");
        }
        JsonNode node;
        try {
            node = RegistryJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw RegistryException.malformedRequest("Unrecognized request body, not JSON: " + detail);
        }
        if (node == null || !node.isObject()) {
            throw RegistryException.malformedRequest("The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Path segments, percent-decoded one by one (so an encoded '/' stays inside a subject); '+' stays '+'. */
    static List<String> pathSegments(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath == null) {
            return segments;
        }
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                try {
                    segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new RegistryException(404, 404, "HTTP 404 Not Found: malformed path " + rawPath);
                }
            }
        }
        return segments;
    }

    /** Query parameters (form-decoded); the first value of a repeated name wins. */
    static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed escape in a parameter we do not know about: ignore it like any unknown parameter
            }
        }
        return params;
    }
}
