package io.ferstream.platform.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.metrics.ServiceMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers of one stage in one JVM, as the scale-out tests run them: stable client ids without a
 * UUID (so a new run makes no new series), the {@code stage} tag on Kafka's metrics, and the group's lag.
 */
class StreamsAppMetricsIT {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String INPUT = "metrics-it.in";
    private static final String OUTPUT = "metrics-it.out";
    private static final String APPLICATION_ID = "fer-metrics-it";

    @TempDir
    Path stateRoot;

    @Test
    void workersOfOneStageHaveStableClientIdsAStageTagAndTheirGroupsLag() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
             ServiceMetrics registry = ServiceMetrics.prometheus("quality")) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(INPUT, 2, (short) 1), new NewTopic(OUTPUT, 2, (short) 1))).all().get();
            }
            ConnectionConfig connection = new ConnectionConfig(broker.bootstrapServers(), "http://127.0.0.1:1", "");
            try (StreamsApp first = start(connection, registry, "first");
                 StreamsApp second = start(connection, registry, "second")) {
                assertThat(first.clientId()).isEqualTo(APPLICATION_ID);
                assertThat(second.clientId()).isEqualTo(APPLICATION_ID + "-2");
                produce(broker, 20);

                String scrape = awaitScrape(registry, text -> text.contains("kafka_stream_thread_")
                        && text.contains("fer_consumer_group_lag{group=\"" + APPLICATION_ID + "\",service=\"quality\",topic=\""
                        + INPUT + "\"} 0.0"));

                assertThat(scrape).contains("thread_id=\"" + APPLICATION_ID + "-StreamThread-1\"",
                        "thread_id=\"" + APPLICATION_ID + "-2-StreamThread-1\"", "client_id=\"" + APPLICATION_ID
                                + "-StreamThread-1-consumer\"");
                assertThat(UUID.matcher(scrape).find()).as("a UUID in the scrape: %s", firstUuidLine(scrape)).isFalse();
                assertThat(scrape.lines().filter(line -> line.startsWith("kafka_")))
                        .isNotEmpty()
                        .allSatisfy(sample -> assertThat(sample).contains("stage=\"quality\""));
            }
        }
    }

    private StreamsApp start(ConnectionConfig connection, ServiceMetrics registry, String worker) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
                .to(OUTPUT, Produced.with(Serdes.String(), Serdes.String()));
        Topology topology = builder.build();
        return StreamsApp.start("quality", APPLICATION_ID, topology,
                StreamsApp.properties(connection, APPLICATION_ID, 1, stateRoot.resolve(worker)), registry, "127.0.0.1", -1);
    }

    private static void produce(EmbeddedKafkaBroker broker, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(INPUT, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private static String awaitScrape(ServiceMetrics registry, java.util.function.Predicate<String> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String scrape = registry.scrape();
        while (!ready.test(scrape)) {
            assertThat(System.nanoTime()).as("waiting for the scrape; last one:%n%s", scrape).isLessThan(deadline);
            Thread.sleep(250);
            scrape = registry.scrape();
        }
        return scrape;
    }

    private static String firstUuidLine(String scrape) {
        return scrape.lines().filter(line -> UUID.matcher(line).find()).findFirst().orElse("none");
    }
}
