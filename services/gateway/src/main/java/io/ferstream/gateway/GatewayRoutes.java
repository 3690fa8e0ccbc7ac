package io.ferstream.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.events.ModelRelease;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every HTTP route of PROTOCOL.md but the socket. Files come from two places only: the page's classpath
 * folder (names {@link AssetNames} allows) and the two report files of the configured report folder.
 */
final class GatewayRoutes extends Handler.Abstract {

    static final String WEB = "io/ferstream/gateway/web/";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Set<String> REPORT_FILES = Set.of("report.html", "report.json");

    private final GatewayConfig config;
    private final FrameGate gate;
    private final Uploads uploads;
    private final OriginPolicy origins;
    private final ModelCatalog models;
    private final PrometheusMeterRegistry registry;
    private final Map<String, Supplier<Boolean>> health;

    GatewayRoutes(GatewayConfig config, FrameGate gate, OriginPolicy origins, ModelCatalog models, PrometheusMeterRegistry registry,
                  Map<String, Supplier<Boolean>> health) {
        this.config = config;
        this.gate = gate;
        this.uploads = new Uploads(gate, config);
        this.origins = origins;
        this.models = models;
        this.registry = registry;
        this.health = health;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if ("/api/images".equals(path)) {
            if (!HttpMethod.POST.is(method)) {
                return notAllowed(response, callback, "POST");
            }
            if (!origins.allows(request.getHeaders().get("Origin"), request.getHeaders().get("Host"))) {
                gate.metrics().refused("origin");
                Responses.error(response, callback, HttpStatus.FORBIDDEN_403, "origin", "Uploads are accepted from this gateway's own page only.");
                return true;
            }
            uploads.handle(request, response, callback);
            return true;
        }
        if (!HttpMethod.GET.is(method)) {
            return notAllowed(response, callback, "GET");
        }
        switch (path) {
            case "/api/info" -> Responses.json(response, callback, 200, info());
            case "/api/models" -> Responses.json(response, callback, 200, models());
            case "/api/report" -> Responses.json(response, callback, 200, report());
            case "/health" -> health(response, callback);
            case "/metrics" -> Responses.bytes(response, callback, 200, PROMETHEUS_TEXT,
                    registry.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "/" -> asset("index.html", response, callback);
            default -> {
                if (path.startsWith("/report/")) {
                    reportFile(path.substring("/report/".length()), response, callback);
                } else {
                    asset(path.substring(1), response, callback);
                }
            }
        }
        return true;
    }

    private String info() {
        ObjectNode node = ProtocolJson.JSON.createObjectNode();
        node.put("maxInFlight", config.maxInFlight());
        node.put("maxUploadBytes", config.maxUploadBytes());
        node.put("maxUploadFiles", config.maxUploadFiles());
        node.put("maxFrameSide", config.frameLimits().maxSide());
        ArrayNode classes = node.putArray("classes");
        ProtocolJson.CLASSES.forEach(classes::add);
        node.set("model", ProtocolJson.model(gate.servingModel()));
        node.put("reportAvailable", reportFile("report.html").isPresent());
        return node.toString();
    }

    private String models() {
        ObjectNode node = ProtocolJson.JSON.createObjectNode();
        node.set("serving", ProtocolJson.model(gate.servingModel()));
        ArrayNode releases = node.putArray("releases");
        for (ModelRelease release : models.releases()) {
            ObjectNode r = releases.addObject();
            r.put("name", release.getName());
            r.put("version", release.getVersion());
            r.put("releasedAt", release.getReleasedAt().toString());
            r.put("sha256", release.getSha256());
            r.put("validationAccuracy", release.getMetrics().get("validation_accuracy"));
            r.put("testAccuracy", release.getMetrics().get("test_accuracy"));
        }
        return node.toString();
    }

    /** {@code summary}: report.json's top-level totals (its numbers and strings), and the run's id. */
    private String report() throws IOException {
        ObjectNode node = ProtocolJson.JSON.createObjectNode();
        boolean available = reportFile("report.html").isPresent();
        node.put("available", available);
        node.put("url", available ? "/report/report.html" : null);
        Optional<Path> json = reportFile("report.json");
        if (json.isEmpty()) {
            node.putNull("summary");
            return node.toString();
        }
        JsonNode full = ProtocolJson.JSON.readTree(json.get().toFile());
        ObjectNode summary = node.putObject("summary");
        for (Iterator<Map.Entry<String, JsonNode>> it = full.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isValueNode()) {
                summary.set(field.getKey(), field.getValue());
            }
        }
        if (full.path("run").path("run_id").isTextual()) {
            summary.set("run_id", full.path("run").path("run_id"));
        }
        return node.toString();
    }

    private void health(Response response, Callback callback) {
        ObjectNode node = ProtocolJson.JSON.createObjectNode();
        ObjectNode components = node.putObject("components");
        boolean up = true;
        for (Map.Entry<String, Supplier<Boolean>> check : health.entrySet()) {
            boolean ok = Boolean.TRUE.equals(check.getValue().get());
            components.put(check.getKey(), ok ? "UP" : "DOWN");
            up &= ok;
        }
        node.put("status", up ? "UP" : "DOWN");
        Responses.json(response, callback, up ? 200 : 503, node.toString());
    }

    private Optional<Path> reportFile(String name) {
        if (config.reportDir() == null || !REPORT_FILES.contains(name)) {
            return Optional.empty();
        }
        Path file = config.reportDir().resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private void reportFile(String name, Response response, Callback callback) throws IOException {
        Optional<Path> file = reportFile(name);
        if (file.isEmpty()) {
            notFound(response, callback, "There is no report here; run fer run --serve to make one.");
            return;
        }
        String type = name.endsWith(".html") ? "text/html; charset=utf-8" : Responses.JSON_TYPE;
        Responses.bytes(response, callback, 200, type, Files.readAllBytes(file.get()));
    }

    private void asset(String name, Response response, Callback callback) throws IOException {
        Optional<String> type = AssetNames.contentType(name);
        InputStream in = type.isEmpty() ? null : GatewayRoutes.class.getClassLoader().getResourceAsStream(WEB + name);
        if (in == null) {
            notFound(response, callback, "There is no page or file at this address.");
            return;
        }
        try (in) {
            response.getHeaders().put("X-Frame-Options", "DENY");
            Responses.bytes(response, callback, 200, type.get(), in.readAllBytes());
        }
    }

    private static void notFound(Response response, Callback callback, String sentence) {
        Responses.error(response, callback, HttpStatus.NOT_FOUND_404, "not_found", sentence);
    }

    private static boolean notAllowed(Response response, Callback callback, String allowed) {
        response.getHeaders().put("Allow", allowed);
        Responses.error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                "This address answers " + allowed + " only.");
        return true;
    }
}
