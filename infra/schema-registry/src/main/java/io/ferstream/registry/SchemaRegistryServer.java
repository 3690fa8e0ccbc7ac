package io.ferstream.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that speaks Confluent Schema Registry's REST API (AVRO only) and stores its state in a compacted
 * Kafka topic, like Confluent does. See the package documentation for what is and is not supported.
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.start(Config.of("localhost:9092").withPort(0))) {
 *     String url = registry.url(); // give this to serializers as schema.registry.url
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final int HTTP_THREADS = 8;

    private final Config config;
    private final SchemaLog schemaLog;
    private final HttpServer http;
    private final ExecutorService executor;
    private final int port;
    private boolean closed;

    /**
     * Settings of a registry.
     *
     * @param bootstrapServers Kafka to store schemas in
     * @param host             address the HTTP server binds to
     * @param port             HTTP port; 0 picks a free one (see {@link #port()})
     * @param topic            the compacted single-partition topic holding the schemas
     * @param initTimeout      how long start-up may take to reach Kafka and read the topic; also the limit for
     *                         one write to complete
     */
    public record Config(String bootstrapServers, String host, int port, String topic, Duration initTimeout) {
        public Config {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers must not be blank");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535 (0 picks a free port), was " + port);
            }
            if (topic == null || !LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
                throw new IllegalArgumentException("topic must be a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -),"
                        + " was " + (topic == null ? "null" : "'" + topic + "'"));
            }
            if (initTimeout == null || initTimeout.isZero() || initTimeout.isNegative()) {
                throw new IllegalArgumentException("initTimeout must be positive, was " + initTimeout);
            }
        }

        /** Loopback, port 8081, topic {@code _schemas}, 60 s start-up timeout. */
        public static Config of(String bootstrapServers) {
            return new Config(bootstrapServers, "127.0.0.1", 8081, "_schemas", Duration.ofSeconds(60));
        }

        public Config withPort(int newPort) {
            return new Config(bootstrapServers, host, newPort, topic, initTimeout);
        }

        public Config withHost(String newHost) {
            return new Config(bootstrapServers, newHost, port, topic, initTimeout);
        }

        public Config withTopic(String newTopic) {
            return new Config(bootstrapServers, host, port, newTopic, initTimeout);
        }
    }

    private SchemaRegistryServer(Config config, SchemaLog schemaLog, HttpServer http, ExecutorService executor) {
        this.config = config;
        this.schemaLog = schemaLog;
        this.http = http;
        this.executor = executor;
        this.port = http.getAddress().getPort();
    }

    /**
     * Creates or checks the topic, reads it to its end, starts tailing it and then serves HTTP. Returns when ready.
     *
     * @throws IllegalStateException when Kafka cannot be reached in time or the topic has the wrong layout
     * @throws UncheckedIOException  when the HTTP port cannot be bound
     */
    public static SchemaRegistryServer start(Config config) {
        long startNanos = System.nanoTime();
        SchemaStore store = new SchemaStore();
        KafkaSchemaLog schemaLog = KafkaSchemaLog.open(config.bootstrapServers(), config.topic(), config.initTimeout(),
                store::apply);
        SchemaRegistryServer server = serve(config, store, schemaLog);
        log.info("Schema registry serving {} (topic '{}' on {}, {} ms)", server.url(), config.topic(),
                config.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return server;
    }

    /**
     * The same server with its schemas kept in memory only, lost on close: for tests (Kafka Streams
     * topology tests, serde tests) that need a real registry over HTTP but no broker.
     */
    public static SchemaRegistryServer startInMemory(String host, int port) {
        SchemaStore store = new SchemaStore();
        Config config = new Config("in-memory:0", host, port, "_schemas", Duration.ofSeconds(10));
        return serve(config, store, new InMemorySchemaLog(store));
    }

    private static SchemaRegistryServer serve(Config config, SchemaStore store, SchemaLog schemaLog) {
        ExecutorService executor = null;
        try {
            RegistryService service = new RegistryService(store, schemaLog);
            HttpServer http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
            executor = httpExecutor();
            http.setExecutor(executor);
            http.createContext("/", new RegistryHttpHandler(service));
            http.start();
            return new SchemaRegistryServer(config, schemaLog, http, executor);
        } catch (IOException | RuntimeException e) {
            if (executor != null) {
                executor.shutdownNow();
            }
            schemaLog.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot serve HTTP on " + config.host() + ":" + config.port(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Base URL for clients, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        String host = config.host().contains(":") && !config.host().startsWith("[")
                ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port;
    }

    /** The bound HTTP port (the chosen one when the config asked for 0). */
    public int port() {
        return port;
    }

    /** Stops HTTP, the topic reader and the producer. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        schemaLog.close();
        log.info("Schema registry at {} stopped", url());
    }

    private static ExecutorService httpExecutor() {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "schema-registry-http-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
