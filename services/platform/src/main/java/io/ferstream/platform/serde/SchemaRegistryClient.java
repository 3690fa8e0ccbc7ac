package io.ferstream.platform.serde;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API, using only its public endpoints, so it works
 * against this project's registry and against Confluent's alike.
 *
 * <p>Schemas by id never change, so they are cached forever; registrations are cached per subject.
 * Several base URLs may be given (comma-separated, like Confluent's {@code schema.registry.url}); a
 * connection failure moves on to the next one.
 */
public final class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    /** A schema registered under a subject. */
    public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    }

    public SchemaRegistryClient(String urls, Duration requestTimeout) {
        this.baseUrls = parseUrls(urls);
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /** Registers the schema under the subject (or finds it already there) and returns its global id. */
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = body.path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    /** The id of a schema already registered under the subject; fails if it is not there. */
    public int lookup(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = body.path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    /** The latest version registered under the subject (never cached: it may change). */
    public RegisteredSchema latest(String subject) {
        JsonNode body = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        Schema schema = parse(body.path("schema").asText());
        int id = body.path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(body.path("subject").asText(subject), id, body.path("version").asInt(), schema);
    }

    /** The schema with this global id. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(body.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private JsonNode send(String method, String path, String body) {
        IOException lastFailure = null;
        for (URI base : baseUrls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(base.getPath() + path))
                    .timeout(requestTimeout)
                    .header("Accept", CONTENT_TYPE);
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(-1, -1, "Interrupted while calling the schema registry", e);
            }
            return readResponse(method, base.resolve(path), response);
        }
        throw new SchemaRegistryException(-1, -1, "Schema registry unreachable at " + baseUrls + ": "
                + (lastFailure == null ? "no URL" : lastFailure), lastFailure);
    }

    private static JsonNode readResponse(String method, URI uri, HttpResponse<String> response) {
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (response.statusCode() / 100 == 2 && json != null) {
            return json;
        }
        int errorCode = json == null ? -1 : json.path("error_code").asInt(-1);
        String message = json == null ? response.body() : json.path("message").asText(response.body());
        throw new SchemaRegistryException(response.statusCode(), errorCode,
                method + " " + uri + " failed: HTTP " + response.statusCode()
                        + (errorCode > 0 ? " error_code " + errorCode : "") + ": " + message, null);
    }

    private static String schemaBody(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode a schema as JSON", e);
        }
    }

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<URI> parseUrls(String urls) {
        if (urls == null || urls.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url must name at least one URL");
        }
        List<URI> result = new ArrayList<>();
        for (String url : urls.split(",")) {
            String trimmed = url.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri = URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("schema.registry.url must be http(s)://host:port, was " + trimmed);
            }
            result.add(uri);
        }
        return List.copyOf(result);
    }
}
