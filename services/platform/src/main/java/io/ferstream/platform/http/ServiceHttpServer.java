package io.ferstream.platform.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Each service's own small HTTP endpoint: {@code /metrics} (Prometheus text, or OpenMetrics when the
 * scraper asks for it) and {@code /health} (200 when every check is up, 503 otherwise, JSON body).
 */
public final class ServiceHttpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    /** A named health check; {@code true} means healthy. */
    public record HealthCheck(String name, Supplier<Boolean> isUp) {
    }

    private ServiceHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one). */
    public static ServiceHttpServer start(String host, int port, PrometheusMeterRegistry registry,
                                          Iterable<HealthCheck> checks) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + " (port in use?)", e);
        }
        server.createContext("/metrics", exchange -> {
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            String contentType = accept != null && accept.contains("application/openmetrics-text")
                    ? OPENMETRICS : PROMETHEUS_TEXT;
            respond(exchange, 200, contentType, registry.scrape(contentType));
        });
        server.createContext("/health", exchange -> {
            Map<String, String> status = new LinkedHashMap<>();
            boolean allUp = true;
            for (HealthCheck check : checks) {
                boolean up;
                try {
                    up = Boolean.TRUE.equals(check.isUp().get());
                } catch (RuntimeException e) {
                    up = false;
                }
                status.put(check.name(), up ? "UP" : "DOWN");
                allUp &= up;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", allUp ? "UP" : "DOWN");
            body.put("checks", status);
            respond(exchange, allUp ? 200 : 503, "application/json", JSON.writeValueAsString(body));
        });
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "service-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new ServiceHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
