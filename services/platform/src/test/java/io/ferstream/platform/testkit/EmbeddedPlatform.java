package io.ferstream.platform.testkit;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.registry.SchemaRegistryServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A real broker and a real schema registry in this JVM, for integration tests. */
public final class EmbeddedPlatform implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;

    private EmbeddedPlatform(EmbeddedKafkaBroker broker, SchemaRegistryServer registry) {
        this.broker = broker;
        this.registry = registry;
    }

    public static EmbeddedPlatform start() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
        try {
            SchemaRegistryServer registry = SchemaRegistryServer.start(
                    SchemaRegistryServer.Config.of(broker.bootstrapServers()).withPort(0));
            return new EmbeddedPlatform(broker, registry);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public ConnectionConfig connection() {
        return new ConnectionConfig(bootstrapServers(), registryUrl(), "");
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public Duration timeout() {
        return Duration.ofSeconds(60);
    }

    /** A 48x48 gray image whose pixels depend on {@code index}, as the fetcher would publish it. */
    public static FaceImage faceImage(String runId, int index) {
        byte[] pixels = new byte[48 * 48];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 31 + index) & 0xff);
        }
        return FaceImage.newBuilder()
                .setId("test:" + index).setRunId(runId).setDataset("test").setSplit(Split.TRAIN)
                .setLabel(Emotion.values()[index % Emotion.values().length])
                .setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(pixels))
                .setSource("generated#" + index).setIngestTime(Instant.ofEpochMilli(1_700_000_000_000L + index))
                .build();
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
