package io.ferstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @Test
    void producesAndConsumesThroughARealBroker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults())) {
            createTopic(broker, "it.roundtrip");
            produce(broker, "it.roundtrip", List.of("a", "b", "c"));
            assertThat(consumeAll(broker, "it.roundtrip", 3)).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void persistentDataDirectorySurvivesARestart(@TempDir Path dir) throws Exception {
        EmbeddedKafkaBroker.Config config = EmbeddedKafkaBroker.Config.defaults().withDataDir(dir);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            createTopic(broker, "it.durable");
            produce(broker, "it.durable", List.of("kept"));
        }
        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(config)) {
            assertThat(consumeAll(restarted, "it.durable", 1)).containsExactly("kept");
        }
    }

    @Test
    void refusesToOverrideTheNodeLayout() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.Config.defaults().withOverrides(Map.of("node.id", "7")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node.id");
    }

    @Test
    void aThreeNodeClusterKeepsServingWhenOneNodeIsLost() throws Exception {
        String host = "127.0.0.1";
        int[] controllerPorts = {EmbeddedKafkaBroker.freePort(host), EmbeddedKafkaBroker.freePort(host), EmbeddedKafkaBroker.freePort(host)};
        String voters = "1@" + host + ":" + controllerPorts[0] + ",2@" + host + ":" + controllerPorts[1] + ",3@" + host + ":" + controllerPorts[2];
        // Each node waits for a quorum while it starts, so they start side by side, as separate processes would.
        ExecutorService starter = Executors.newFixedThreadPool(3);
        List<Future<EmbeddedKafkaBroker>> starting = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            EmbeddedKafkaBroker.Config config = EmbeddedKafkaBroker.Config.defaults()
                    .withQuorum(new EmbeddedKafkaBroker.Quorum(node, voters));
            starting.add(starter.submit(() -> EmbeddedKafkaBroker.start(config)));
        }
        List<EmbeddedKafkaBroker> nodes = new ArrayList<>();
        try {
            for (Future<EmbeddedKafkaBroker> f : starting) {
                nodes.add(f.get(120, TimeUnit.SECONDS));
            }
            String bootstrap = String.join(",", nodes.stream().map(EmbeddedKafkaBroker::bootstrapServers).toList());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(3);
                admin.createTopics(Set.of(new NewTopic("it.replicated", 3, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2")))).all().get();
            }
            long started = System.nanoTime();
            produce(bootstrap, "it.replicated", List.of("before"));
            nodes.remove(2).close();
            // acks=all with 2 of 3 replicas in sync still succeeds, and nothing written is lost
            produce(bootstrap, "it.replicated", List.of("after"));
            assertThat(consumeAll(bootstrap, "it.replicated", 2)).containsExactlyInAnyOrder("before", "after");
            System.out.printf("3-node cluster: produce, lose a node, produce, consume in %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } finally {
            // Side by side again: a node left alone without a quorum would wait out its shutdown timeouts.
            List<Future<?>> closing = nodes.stream().map(n -> starter.submit(n::close)).collect(java.util.stream.Collectors.toList());
            for (Future<?> f : closing) {
                f.get(120, TimeUnit.SECONDS);
            }
            starter.shutdownNow();
        }
    }

    @Test
    void aQuorumNamesThisNodeAndWellFormedVoters() {
        assertThatThrownBy(() -> new EmbeddedKafkaBroker.Quorum(4, "1@h:1,2@h:2,3@h:3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node 4");
        assertThatThrownBy(() -> new EmbeddedKafkaBroker.Quorum(1, "1@h:1,2-h:2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2-h:2");
        EmbeddedKafkaBroker.Quorum a = new EmbeddedKafkaBroker.Quorum(1, "1@h:1, 2@h:2");
        EmbeddedKafkaBroker.Quorum b = new EmbeddedKafkaBroker.Quorum(2, "1@h:1,2@h:2");
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.clusterId()).isEqualTo(b.clusterId()).hasSize(22);
        assertThat(b.controllerPort()).isEqualTo(2);
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, List<String> values) throws Exception {
        produce(broker.bootstrapServers(), topic, values);
    }

    private static void produce(String bootstrap, String topic, List<String> values) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        }
    }

    private static List<String> consumeAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        return consumeAll(broker.bootstrapServers(), topic, expected);
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
