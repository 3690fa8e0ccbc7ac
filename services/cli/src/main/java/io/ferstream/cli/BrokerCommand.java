package io.ferstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.platform.topics.TopicNames;
import io.ferstream.platform.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer broker}: a single-node KRaft Kafka broker in the foreground, no Docker needed. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a Kafka broker (KRaft, broker+controller) in the foreground: a single node, or with --node-id and "
                + "--voters one node of a local multi-node cluster (start each in its own terminal, then create the topics "
                + "with fer topics --bootstrap-servers <every node>)."})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on and advertise. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the log here across restarts. Default: a temporary folder deleted on exit.")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of topics created without an explicit count. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--create-topics", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create the pipeline's topics at start (--no-create-topics to skip; a node of a cluster never does). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean createTopics;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of the pipeline's topic names. Default: none.")
    String topicPrefix;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's id in a multi-node cluster (with --voters). Default: a single-node cluster.")
    Integer nodeId;

    @Option(names = "--voters", paramLabel = "ID@HOST:PORT[,...]",
            description = "Every node of a multi-node cluster with its controller port, the same list on each node, "
                    + "e.g. 1@127.0.0.1:19093,2@127.0.0.1:19094,3@127.0.0.1:19095. Internal topics get 3 replicas "
                    + "(2 in sync) and so do the pipeline's topics: one node may be lost.")
    String voters;

    @Override
    public Integer call() throws Exception {
        if ((nodeId == null) != (voters == null)) {
            throw new IllegalArgumentException("--node-id and --voters go together: both for a node of a multi-node cluster, "
                    + "neither for a single node");
        }
        EmbeddedKafkaBroker.Config config = new EmbeddedKafkaBroker.Config(host, port, dataDir, partitions, Map.of());
        if (nodeId != null) {
            config = config.withQuorum(new EmbeddedKafkaBroker.Quorum(nodeId, voters));
        }
        ShutdownLatch latch = new ShutdownLatch("broker");
        EmbeddedKafkaBroker broker = latch.register(EmbeddedKafkaBroker.start(config));
        // A node of a cluster leaves the topics to `fer topics` once every node is up, so each gets 3 replicas.
        if (createTopics && nodeId == null) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                new TopicProvisioner(admin, new TopicNames(topicPrefix), Duration.ofSeconds(60)).ensureAll();
            }
        }
        System.out.println("Kafka broker ready at " + broker.bootstrapServers()
                + (dataDir == null ? " (temporary data, pass --data-dir to keep it)" : " (data in " + broker.dataDir() + ")")
                + ". Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
