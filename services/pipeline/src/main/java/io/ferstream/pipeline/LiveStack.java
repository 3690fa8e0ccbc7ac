package io.ferstream.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Function;

import io.ferstream.classifier.ClassifierConfig;
import io.ferstream.classifier.ClassifierService;
import io.ferstream.classifier.FramePartitions;
import io.ferstream.classifier.ModelSource;
import io.ferstream.gateway.GatewayConfig;
import io.ferstream.gateway.GatewayService;
import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.metrics.ServiceMetrics;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.registry.SchemaRegistryServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live product in one JVM ({@code fer serve}, {@code fer run --serve}): the embedded broker with every
 * topic, the schema registry, the live classifier and the gateway, one metrics registry for both services
 * (the gateway's {@code /metrics}). Closed in reverse order of start.
 */
public final class LiveStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveStack.class);

    /** How long the classifier may take to join its consumer group. */
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private GatewayService gateway;

    private LiveStack() {
    }

    /** {@code gatewayConfig}: the gateway's config once the embedded cluster's address is known. */
    public static LiveStack start(ModelSource model, Function<ConnectionConfig, GatewayConfig> gatewayConfig) {
        LiveStack stack = new LiveStack();
        try {
            stack.startAll(model, gatewayConfig);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll(ModelSource model, Function<ConnectionConfig, GatewayConfig> gatewayConfig) {
        EmbeddedKafkaBroker broker = track(EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            new TopicProvisioner(admin, TopicNames.unprefixed(), Duration.ofSeconds(60)).ensureAll();
            SchemaRegistryServer registry = track(SchemaRegistryServer.start(SchemaRegistryServer.Config.of(broker.bootstrapServers())
                    .withPort(0)));
            ConnectionConfig connection = new ConnectionConfig(broker.bootstrapServers(), registry.url(), "");
            GatewayConfig config = gatewayConfig.apply(connection);
            ServiceMetrics metrics = track(ServiceMetrics.prometheus("serve"));
            ClassifierConfig classifierConfig = ClassifierConfig.defaults(connection);
            track(ClassifierService.start(classifierConfig, model, metrics));
            FramePartitions.awaitAssigned(admin, classifierConfig.groupId(), READY_LIMIT);
            gateway = track(GatewayService.start(config, metrics));
            log.info("Live stack ready: broker {}, registry {}, page {}", broker.bootstrapServers(), registry.url(), gateway.url());
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    /** The page's address. */
    public String url() {
        return gateway.url();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {}", resource, e);
            }
        }
    }
}
