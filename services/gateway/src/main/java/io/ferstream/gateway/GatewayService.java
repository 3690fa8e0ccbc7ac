package io.ferstream.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.ferstream.events.Frame;
import io.ferstream.events.ModelRelease;
import io.ferstream.events.Prediction;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.metrics.ClientIds;
import io.ferstream.platform.metrics.KafkaMeters;
import io.ferstream.platform.serde.SchemaRegistryClient;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.serde.SerdeConfig;
import io.ferstream.platform.topics.ClusterCheck;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: Jetty (the page, the API, {@code /ws/live}) in front of Kafka. Frames go to
 * {@code fer.frames} (key: session id); predictions come back from {@code fer.predictions}, every partition
 * read by this instance's own consumer (no group, from the end), so each instance sees every prediction
 * and answers those of its own sessions (README, several instances). Built apart from {@code main}.
 */
public final class GatewayService implements AutoCloseable {

    /** The {@code stage} tag of its Kafka client metrics. */
    static final String STAGE = "gateway";
    private static final Logger log = LoggerFactory.getLogger(GatewayService.class);
    /** Jetty's threads: what bounds concurrent requests (uploads are answered asynchronously). */
    private static final int MAX_THREADS = 32;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private Server server;
    private ServerConnector connector;

    private GatewayService() {
    }

    /** Checks the cluster, creates the topics it uses, starts reading predictions and releases, then serves HTTP. */
    public static GatewayService start(GatewayConfig config, PrometheusMeterRegistry registry) {
        ConnectionConfig connection = config.connection();
        ClusterCheck.requireReachable(connection.bootstrapServers(), ClusterCheck.DEFAULT_LIMIT);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers()))) {
            new TopicProvisioner(admin, connection.topicNames(), Duration.ofSeconds(60))
                    .ensure(List.of(Topics.FRAMES, Topics.PREDICTIONS, Topics.MODELS));
        }
        GatewayService service = new GatewayService();
        try {
            service.wire(config, registry);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void wire(GatewayConfig config, PrometheusMeterRegistry registry) {
        ConnectionConfig connection = config.connection();
        TopicNames names = connection.topicNames();
        SerdeConfig serdeConfig = connection.serdeConfig();
        SchemaRegistryClient client = SchemaRegistryClients.forConfig(serdeConfig);

        // A stable client id (no per-run series), unique in this JVM: tests run several gateways in one.
        String clientId = track(ClientIds.claim("fer-gateway")).id();
        String framesTopic = names.of(Topics.FRAMES);
        Serializer<Frame> frames = Topics.FRAMES.valueSerde(client, serdeConfig).serializer();
        KafkaProducer<byte[], byte[]> producer = track(new KafkaProducer<>(producerProperties(connection, clientId + "-producer"),
                new ByteArraySerializer(), new ByteArraySerializer()));
        track(KafkaMeters.bind(producer, STAGE, registry));
        FrameGate gate = new FrameGate(config, frame -> producer.send(new ProducerRecord<>(framesTopic,
                frame.getSessionId().getBytes(StandardCharsets.UTF_8), frames.serialize(framesTopic, frame)), (metadata, error) -> {
                    if (error != null) { // the frame's reply will be dropped/timeout
                        log.warn("frame {} not sent to {}: {}", frame.getId(), framesTopic, error.toString());
                    }
                }), registry, System::nanoTime);

        KafkaConsumer<byte[], byte[]> predictionsConsumer = consumer(connection, clientId + "-predictions");
        track(KafkaMeters.bind(predictionsConsumer, STAGE, registry));
        PollingLoop<Prediction> predictions = track(PollingLoop.start(predictionsConsumer, names.of(Topics.PREDICTIONS),
                PollingLoop.From.END, Topics.PREDICTIONS.valueSerde(client, serdeConfig).deserializer(), (key, p) -> {
                    if (p != null) {
                        gate.route(p);
                    }
                }));
        ModelCatalog catalog = new ModelCatalog();
        PollingLoop<ModelRelease> releases = track(PollingLoop.start(consumer(connection, clientId + "-models"), names.of(Topics.MODELS),
                PollingLoop.From.BEGINNING, Topics.MODELS.valueSerde(client, serdeConfig).deserializer(), catalog::accept));

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fer-gateway-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        track(timer::shutdownNow);
        long period = Math.max(10, Math.min(100, config.replyTimeout().toMillis() / 10));
        timer.scheduleAtFixedRate(gate::expire, period, period, TimeUnit.MILLISECONDS);

        Map<String, Supplier<Boolean>> health = new LinkedHashMap<>();
        health.put("predictions", predictions::isHealthy);
        health.put("models", releases::isHealthy);
        startServer(config, gate, new GatewayRoutes(config, gate, new OriginPolicy(config.allowedOrigins()), catalog, registry, health));
        log.info("Gateway on {} (frames to {}, predictions from {})", url(), framesTopic, names.of(Topics.PREDICTIONS));
    }

    private void startServer(GatewayConfig config, FrameGate gate, GatewayRoutes routes) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("fer-gateway-http");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        OriginPolicy origins = new OriginPolicy(config.allowedOrigins());
        WebSocketUpgradeHandler sockets = WebSocketUpgradeHandler.from(server, container -> {
            // Up to twice the frame limit a message is read and answered "refused"; beyond that Jetty closes the socket (1009).
            container.setMaxBinaryMessageSize(2L * config.frameLimits().maxBytes());
            container.setMaxTextMessageSize(4096);
            container.setIdleTimeout(Duration.ofMinutes(5));
            // Replies a client does not read pile up here; past this many its socket is closed.
            container.setMaxOutgoingFrames(64);
            container.addMapping("/ws/live", (request, response, callback) -> {
                String refusal = !origins.allows(request.getHeaders().get("Origin"), request.getHeaders().get("Host")) ? "origin"
                        : gate.sessions() >= config.maxSessions() ? "busy" : null;
                if (refusal == null) {
                    return new LiveSocket(gate, config, Request.getRemoteAddr(request));
                }
                gate.metrics().refused(refusal);
                boolean origin = "origin".equals(refusal);
                response.setStatus(origin ? HttpStatus.FORBIDDEN_403 : HttpStatus.SERVICE_UNAVAILABLE_503);
                response.getHeaders().put("Content-Type", Responses.JSON_TYPE);
                Content.Sink.write(response, true, ProtocolJson.error(refusal, origin
                        ? "The live socket is open to this gateway's own page only (see --allowed-origin)."
                        : "The gateway serves as many sessions as it may; try again later."), callback);
                return null;
            });
        });
        sockets.setHandler(routes);
        server.setHandler(sockets);
        // Jetty's own refusals (a malformed or ambiguous URI) and failures in a route answer in the protocol's JSON too.
        server.setErrorHandler((request, response, callback) -> {
            int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
            Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
            Responses.error(response, callback, status, status >= 500 ? "server_error" : "bad_request",
                    (message == null ? HttpStatus.getMessage(status) : message) + ".");
            return true;
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot serve on " + config.host() + ":" + config.port() + " (port in use?): " + e.getMessage(), e);
        }
    }

    static Map<String, Object> producerProperties(ConnectionConfig connection, String clientId) {
        Map<String, Object> props = new HashMap<>(connection.clientProperties());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // Live path: each frame leaves at once; a frame lost on the way is answered by the reply timeout.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * GatewayConfig.MAX_FRAME_BYTES);
        // Bounded: a broker that does not answer makes send() wait this long at most, then the frame times out.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        return props;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(ConnectionConfig connection, String clientId) {
        Map<String, Object> props = new HashMap<>(connection.clientProperties());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** The port the server listens on (the one chosen when configured 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String host = connector.getHost() == null || "0.0.0.0".equals(connector.getHost()) ? "127.0.0.1" : connector.getHost();
        return "http://" + host + ":" + port() + "/";
    }

    /** Stops the HTTP server first (no new frames), then the Kafka side, newest first. */
    @Override
    public void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                log.warn("stopping the HTTP server", e);
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing {}", resources.get(i), e);
            }
        }
    }
}
