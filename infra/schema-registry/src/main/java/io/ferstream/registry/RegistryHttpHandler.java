package io.ferstream.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Confluent Schema Registry's REST API onto {@link RegistryService}: routes each request by its
 * first path segment to the resource that answers it, turns failures into Confluent's error bodies,
 * and writes the response.
 *
 * <p>Every response is {@value #CONTENT_TYPE}; errors are {@code {"error_code": n, "message": "..."}}. Unknown query
 * parameters are ignored. A request body that is not JSON (or not a JSON object) is answered with HTTP 422 and
 * error_code 422; a body with an unsupported Content-Type with HTTP 415 and error_code 415.
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final SubjectsResource subjects;
    private final SchemasResource schemas;
    private final ConfigResource config;
    private final CompatibilityResource compatibility;

    RegistryHttpHandler(RegistryService service) {
        this.subjects = new SubjectsResource(service);
        this.schemas = new SchemasResource(service);
        this.config = new ConfigResource(service);
        this.compatibility = new CompatibilityResource(service);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        RegistryResponse response;
        try {
            response = route(new RegistryRequest(exchange));
        } catch (RegistryException e) {
            if (e.httpStatus() >= 500) {
                log.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e);
            }
            response = RegistryResponse.error(e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = RegistryResponse.error(500, 500, "Internal server error: " + e);
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

    private RegistryResponse route(RegistryRequest request) {
        if (request.path().isEmpty()) {
            return request.only("GET", () -> RegistryResponse.ok(RegistryJson.object()));
        }
        return switch (request.segment(0)) {
            case "subjects" -> subjects.handle(request);
            case "schemas" -> schemas.handle(request);
            case "config" -> config.config(request);
            case "mode" -> config.mode(request);
            case "compatibility" -> compatibility.handle(request);
            default -> throw request.notFound();
        };
    }
}
