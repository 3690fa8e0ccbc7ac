package io.ferstream.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ferstream.registry.SchemaStore.SubjectVersion;
import io.ferstream.registry.SchemaStore.VersionEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Confluent Schema Registry's REST API onto {@link RegistryService}.
 *
 * <p>Every response is {@value #CONTENT_TYPE}; errors are {@code {"error_code": n, "message": "..."}}. Unknown query
 * parameters are ignored. A request body that is not JSON (or not a JSON object) is answered with HTTP 422 and
 * error_code 422; a body with an unsupported Content-Type with HTTP 415 and error_code 415.
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Request media types Confluent's server consumes. */
    private static final Set<String> ACCEPTED_BODY_TYPES = Set.of(
            "application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json",
            "application/json",
            "application/octet-stream");

    private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RegistryService service;

    RegistryHttpHandler(RegistryService service) {
        this.service = service;
    }

    /** A response: status plus the exact body bytes. */
    private record Response(int status, String body) {
    }

    /** The parts of a request the routes look at. */
    private record Request(HttpExchange exchange, String method, List<String> path, Map<String, String> query) {
        String segment(int index) {
            return path.get(index);
        }

        boolean flag(String name) {
            return "true".equalsIgnoreCase(query.getOrDefault(name, "").trim());
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = route(exchange);
        } catch (RegistryException e) {
            if (e.httpStatus() >= 500) {
                log.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e);
            }
            response = error(e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = error(500, 500, "Internal server error: " + e);
        }
        try {
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            exchange.close();
        }
    }

    private Response route(HttpExchange exchange) {
        Request request = new Request(exchange, exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                pathSegments(exchange.getRequestURI().getRawPath()), queryParams(exchange.getRequestURI().getRawQuery()));
        List<String> path = request.path();
        if (path.isEmpty()) {
            return only(request, "GET", () -> ok(MAPPER.createObjectNode()));
        }
        switch (path.get(0)) {
            case "subjects":
                return subjects(request);
            case "schemas":
                return schemas(request);
            case "config":
                return config(request);
            case "mode":
                return mode(request);
            case "compatibility":
                return compatibility(request);
            default:
                throw notFound(request);
        }
    }

    // ---------------------------------------------------------------- /subjects

    private Response subjects(Request request) {
        List<String> path = request.path();
        int size = path.size();
        if (size == 1) {
            return only(request, "GET", () -> ok(array(service.subjects(request.flag("deleted"),
                    request.query().get("subjectPrefix")))));
        }
        String subject = request.segment(1);
        if (size == 2) {
            switch (request.method()) {
                case "POST": {
                    String schema = schemaFromBody(request);
                    return ok(versionJson(service.lookup(subject, schema, request.flag("deleted"))));
                }
                case "DELETE":
                    return ok(array(service.deleteSubject(subject, request.flag("permanent"))));
                default:
                    throw methodNotAllowed();
            }
        }
        if (!"versions".equals(path.get(2))) {
            throw notFound(request);
        }
        if (size == 3) {
            switch (request.method()) {
                case "GET":
                    return ok(array(service.versions(subject, request.flag("deleted"))));
                case "POST": {
                    String schema = schemaFromBody(request);
                    ObjectNode body = MAPPER.createObjectNode();
                    body.put("id", service.register(subject, schema));
                    return ok(body);
                }
                default:
                    throw methodNotAllowed();
            }
        }
        String version = request.segment(3);
        if (size == 4) {
            switch (request.method()) {
                case "GET":
                    return ok(versionJson(service.version(subject, version, request.flag("deleted"))));
                case "DELETE":
                    return ok(MAPPER.getNodeFactory().numberNode(
                            service.deleteVersion(subject, version, request.flag("permanent"))));
                default:
                    throw methodNotAllowed();
            }
        }
        if (size == 5 && "schema".equals(path.get(4))) {
            return only(request, "GET",
                    () -> new Response(200, service.version(subject, version, request.flag("deleted")).schema()));
        }
        if (size == 5 && "referencedby".equals(path.get(4))) {
            // References are not supported, so nothing can refer to a version.
            return only(request, "GET", () -> {
                service.version(subject, version, true);
                return ok(MAPPER.createArrayNode());
            });
        }
        throw notFound(request);
    }

    // ---------------------------------------------------------------- /schemas

    private Response schemas(Request request) {
        List<String> path = request.path();
        int size = path.size();
        if (size == 1) {
            return only(request, "GET", () -> {
                ArrayNode result = MAPPER.createArrayNode();
                for (VersionEntry entry : service.schemas(request.query().get("subjectPrefix"), request.flag("deleted"),
                        request.flag("latestOnly"))) {
                    result.add(versionJson(entry));
                }
                return ok(result);
            });
        }
        if (size == 2 && "types".equals(path.get(1))) {
            return only(request, "GET", () -> ok(array(List.of("AVRO"))));
        }
        if (size >= 3 && size <= 4 && "ids".equals(path.get(1))) {
            String rawId = path.get(2);
            String tail = size == 4 ? path.get(3) : "";
            if (!Set.of("", "schema", "versions", "subjects").contains(tail)) {
                throw notFound(request);
            }
            return only(request, "GET", () -> {
                int id = parseId(rawId);
                switch (tail) {
                    case "schema":
                        return new Response(200, service.schemaById(id));
                    case "versions": {
                        ArrayNode result = MAPPER.createArrayNode();
                        for (SubjectVersion usage : service.usagesOf(id, request.flag("deleted"))) {
                            result.addObject().put("subject", usage.subject()).put("version", usage.version());
                        }
                        return ok(result);
                    }
                    case "subjects":
                        return ok(array(service.subjectsOf(id, request.flag("deleted"))));
                    default: {
                        ObjectNode body = MAPPER.createObjectNode();
                        body.put("schema", service.schemaById(id));
                        if (request.flag("fetchMaxId")) {
                            body.put("maxId", service.maxId());
                        }
                        return ok(body);
                    }
                }
            });
        }
        throw notFound(request);
    }

    private static int parseId(String rawId) {
        try {
            return Integer.parseInt(rawId);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaIdNotFound(rawId);
        }
    }

    // ---------------------------------------------------------------- /config

    private Response config(Request request) {
        List<String> path = request.path();
        if (path.size() == 1) {
            switch (request.method()) {
                case "GET":
                    return ok(levelJson("compatibilityLevel", service.globalLevel()));
                case "PUT":
                    return ok(levelJson("compatibility", service.setGlobalLevel(compatibilityFromBody(request))));
                case "DELETE":
                    return ok(levelJson("compatibilityLevel", service.deleteGlobalLevel()));
                default:
                    throw methodNotAllowed();
            }
        }
        if (path.size() == 2) {
            String subject = request.segment(1);
            switch (request.method()) {
                case "GET":
                    return ok(levelJson("compatibilityLevel",
                            service.subjectLevel(subject, request.flag("defaultToGlobal"))));
                case "PUT":
                    return ok(levelJson("compatibility",
                            service.setSubjectLevel(subject, compatibilityFromBody(request))));
                case "DELETE":
                    return ok(levelJson("compatibilityLevel", service.deleteSubjectLevel(subject)));
                default:
                    throw methodNotAllowed();
            }
        }
        throw notFound(request);
    }

    private static ObjectNode levelJson(String field, CompatibilityLevel level) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put(field, level.name());
        return body;
    }

    private String compatibilityFromBody(Request request) {
        JsonNode level = jsonBody(request).get("compatibility");
        return level == null || level.isNull() ? null : level.asText();
    }

    // ---------------------------------------------------------------- /mode (READWRITE only)

    private Response mode(Request request) {
        if (request.path().size() > 2) {
            throw notFound(request);
        }
        switch (request.method()) {
            case "GET":
                return ok(modeJson());
            case "PUT": {
                JsonNode mode = jsonBody(request).get("mode");
                String name = mode == null || mode.isNull() ? null : mode.asText();
                if (!"READWRITE".equalsIgnoreCase(name)) {
                    throw RegistryException.invalidMode(name);
                }
                return ok(modeJson());
            }
            default:
                throw methodNotAllowed();
        }
    }

    private static ObjectNode modeJson() {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("mode", "READWRITE");
        return body;
    }

    // ---------------------------------------------------------------- /compatibility

    private Response compatibility(Request request) {
        List<String> path = request.path();
        int size = path.size();
        if ((size != 4 && size != 5) || !"subjects".equals(path.get(1)) || !"versions".equals(path.get(3))) {
            throw notFound(request);
        }
        return only(request, "POST", () -> {
            String subject = request.segment(2);
            String version = size == 5 ? request.segment(4) : null;
            String schema = schemaFromBody(request);
            List<String> problems = service.testCompatibility(subject, version, schema);
            ObjectNode body = MAPPER.createObjectNode();
            body.put("is_compatible", problems.isEmpty());
            if (request.flag("verbose")) {
                body.set("messages", array(problems));
            }
            return ok(body);
        });
    }

    // ---------------------------------------------------------------- request bodies

    /** The {@code schema} of a register/lookup/compatibility body, after rejecting what this registry lacks. */
    private String schemaFromBody(Request request) {
        JsonNode body = jsonBody(request);
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

    private ObjectNode jsonBody(Request request) {
        HttpExchange exchange = request.exchange();
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
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw RegistryException.malformedRequest("Unrecognized request body, not JSON: " + detail);
        }
        if (node == null || !node.isObject()) {
            throw RegistryException.malformedRequest("The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    // ---------------------------------------------------------------- plumbing

    private interface Action {
        Response run();
    }

    private static Response only(Request request, String method, Action action) {
        if (!method.equals(request.method())) {
            throw methodNotAllowed();
        }
        return action.run();
    }

    private static ObjectNode versionJson(VersionEntry entry) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("subject", entry.subject());
        body.put("version", entry.version());
        body.put("id", entry.id());
        body.put("schema", entry.schema());
        return body;
    }

    private static ArrayNode array(List<?> values) {
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

    private static Response ok(JsonNode body) {
        return new Response(200, body.toString());
    }

    private static Response error(int status, int errorCode, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error_code", errorCode);
        body.put("message", message);
        return new Response(status, body.toString());
    }

    private static RegistryException notFound(Request request) {
        return new RegistryException(404, 404, "HTTP 404 Not Found: " + request.method() + " "
                + request.exchange().getRequestURI().getRawPath());
    }

    private static RegistryException methodNotAllowed() {
        return new RegistryException(405, 405, "HTTP 405 Method Not Allowed");
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
