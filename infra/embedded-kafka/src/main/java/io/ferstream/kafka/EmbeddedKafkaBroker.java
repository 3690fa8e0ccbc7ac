package io.ferstream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) running inside this JVM.
 *
 * <p>Used by the integration tests, by {@code fer run} (the embedded default) and by {@code fer broker}.
 * Storage is formatted in code, exactly as {@code kafka-storage.sh format --standalone} would.
 * A persistent data directory survives restarts: its controller port is remembered in
 * {@code server.properties} so the KRaft voter set still matches.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String SERVER_PROPERTIES = "server.properties";
    private static final String CONTROLLER_PORT_KEY = "fer.controller.port";
    /** Settings that define the single-node layout; overriding them would break it. */
    private static final Set<String> RESERVED_KEYS = Set.of("process.roles", "node.id", "listeners",
            "advertised.listeners", "controller.listener.names", "controller.quorum.bootstrap.servers", "controller.quorum.voters",
            "log.dirs");

    private final Config config;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int brokerPort;
    private final KafkaRaftServer server;
    private boolean closed;

    /**
     * Settings of the embedded broker. {@code port} 0 picks a free port; {@code dataDir} null uses a temp dir;
     * {@code quorum} null makes a single-node cluster, else this node joins the quorum it names.
     */
    public record Config(String host, int port, Path dataDir, int defaultPartitions, Map<String, String> overrides,
            Quorum quorum) {

        public Config(String host, int port, Path dataDir, int defaultPartitions, Map<String, String> overrides) {
            this(host, port, dataDir, defaultPartitions, overrides, null);
        }

        public Config {
            requireBrokerClasses();
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, was " + port);
            }
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be >= 1, was " + defaultPartitions);
            }
            overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
            for (String key : overrides.keySet()) {
                if (RESERVED_KEYS.contains(key)) {
                    throw new IllegalArgumentException(key + " is set by the embedded broker itself and cannot be overridden");
                }
            }
        }

        /**
         * Fails with what to do when the broker's own classes are absent: the lean services jar
         * ({@code fer-linux-x86_64.jar}) leaves the Kafka server out. Checked here, before anything
         * touches the outer class, whose linking would otherwise end in a bare NoClassDefFoundError.
         */
        private static void requireBrokerClasses() {
            try {
                Class.forName("kafka.server.KafkaRaftServer", false, Config.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("this jar carries no Kafka broker (it is the lean services jar): run the service "
                        + "commands against a cluster (--bootstrap-servers, --schema-registry-url), or use the full jar (./fer) "
                        + "for the embedded default");
            }
        }

        /** Loopback, free port, temp storage, 6 partitions per auto-created topic. */
        public static Config defaults() {
            return new Config("127.0.0.1", 0, null, 6, Map.of());
        }

        public Config withPort(int newPort) {
            return new Config(host, newPort, dataDir, defaultPartitions, overrides, quorum);
        }

        public Config withDataDir(Path newDataDir) {
            return new Config(host, port, newDataDir, defaultPartitions, overrides, quorum);
        }

        public Config withOverrides(Map<String, String> newOverrides) {
            return new Config(host, port, dataDir, defaultPartitions, newOverrides, quorum);
        }

        public Config withQuorum(Quorum newQuorum) {
            return new Config(host, port, dataDir, defaultPartitions, overrides, newQuorum);
        }
    }

    /**
     * This node's place in a multi-node KRaft cluster where every node is broker and controller:
     * its id and the static voter set, {@code id@host:controllerPort} for each node. Every node derives
     * the same cluster id from the voter set, so no id has to be passed around.
     */
    public record Quorum(int nodeId, String voters) {
        private static final java.util.regex.Pattern VOTER = java.util.regex.Pattern.compile("(\\d+)@([^:,@\\s]+):(\\d+)");

        public Quorum {
            if (voters == null || voters.isBlank()) {
                throw new IllegalArgumentException("voters must list every node as id@host:controllerPort, comma-separated");
            }
            voters = voters.replace(" ", "");
            Map<Integer, String> parsed = parse(voters);
            if (!parsed.containsKey(nodeId)) {
                throw new IllegalArgumentException("node " + nodeId + " is not among the voters " + voters);
            }
        }

        private static Map<Integer, String> parse(String voters) {
            Map<Integer, String> byId = new java.util.TreeMap<>();
            for (String entry : voters.split(",")) {
                java.util.regex.Matcher m = VOTER.matcher(entry);
                if (!m.matches()) {
                    throw new IllegalArgumentException("voter '" + entry + "' is not id@host:controllerPort");
                }
                if (byId.put(Integer.parseInt(m.group(1)), m.group(2) + ":" + m.group(3)) != null) {
                    throw new IllegalArgumentException("node " + m.group(1) + " is listed twice in " + voters);
                }
            }
            return byId;
        }

        /** How many nodes the cluster has. */
        public int size() {
            return parse(voters).size();
        }

        /** This node's controller port, from its own voter entry. */
        int controllerPort() {
            String hostPort = parse(voters).get(nodeId);
            return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        }

        /** The same on every node of the cluster. */
        String clusterId() {
            java.util.UUID uuid = java.util.UUID.nameUUIDFromBytes(voters.getBytes(StandardCharsets.UTF_8));
            return new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()).toString();
        }
    }

    private EmbeddedKafkaBroker(Config config, Path dataDir, boolean ownsDataDir, int brokerPort, KafkaRaftServer server) {
        this.config = config;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.brokerPort = brokerPort;
        this.server = server;
    }

    /** Formats storage when needed, starts the node and waits until it answers an admin request. */
    public static EmbeddedKafkaBroker start(Config config) {
        long startNanos = System.nanoTime();
        boolean ownsDataDir = config.dataDir() == null;
        Path dir;
        try {
            dir = ownsDataDir ? Files.createTempDirectory("fer-kafka-") : Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker data directory", e);
        }
        Path propertiesFile = dir.resolve(SERVER_PROPERTIES);
        boolean formatted = Files.isRegularFile(dir.resolve("data").resolve("meta.properties"));
        int brokerPort = config.port() == 0 ? freePort(config.host()) : config.port();
        int controllerPort = config.quorum() != null ? config.quorum().controllerPort()
                : formatted ? rememberedControllerPort(propertiesFile) : freePort(config.host());
        Properties props = serverProperties(config, dir, brokerPort, controllerPort);
        writeProperties(props, propertiesFile);
        if (!formatted) {
            format(propertiesFile, config.quorum());
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(stripOwnKeys(props), false), Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config, dir, ownsDataDir, brokerPort, server);
        try {
            broker.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        log.info("Embedded Kafka broker ready at {} (data {}, {} ms)", broker.bootstrapServers(), dir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return broker;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return config.host() + ":" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Blocks until the broker has stopped (used by the foreground {@code fer broker} command). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
        log.info("Embedded Kafka broker at {} stopped", bootstrapServers());
    }

    private void awaitReady(Duration timeout) {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(adminProps)) {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            if (brokers < 1) {
                throw new IllegalStateException("Embedded broker reports no live broker");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("Embedded broker did not become ready within " + timeout, e);
        }
    }

    private static Properties serverProperties(Config config, Path dir, int brokerPort, int controllerPort) {
        String host = config.host();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        Quorum quorum = config.quorum();
        p.put("node.id", Integer.toString(quorum == null ? 1 : quorum.nodeId()));
        p.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (quorum == null) {
            p.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        } else {
            p.put("controller.quorum.voters", quorum.voters());
        }
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", Integer.toString(config.defaultPartitions()));
        // Internal topics on up to 3 replicas with 2 in sync: one node may be lost (a single node: 1 and 1).
        String replication = Integer.toString(quorum == null ? 1 : Math.min(3, quorum.size()));
        String minInSync = Integer.toString(quorum == null ? 1 : Math.min(2, quorum.size()));
        p.put("offsets.topic.replication.factor", replication);
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", replication);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("default.replication.factor", replication);
        p.put("min.insync.replicas", minInSync);
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB dedupe buffer lives on the heap; compacted topics here are small.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("auto.create.topics.enable", "false");
        p.put(CONTROLLER_PORT_KEY, Integer.toString(controllerPort));
        config.overrides().forEach(p::put);
        return p;
    }

    /** Our bookkeeping keys are not Kafka settings. */
    private static Properties stripOwnKeys(Properties props) {
        Properties copy = new Properties();
        props.forEach((k, v) -> {
            if (!CONTROLLER_PORT_KEY.equals(k)) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static void format(Path propertiesFile, Quorum quorum) {
        // StorageTool reads the file; our bookkeeping key is harmless there (unknown keys are ignored).
        // A single node bootstraps a dynamic quorum of itself; a multi-node cluster has static voters.
        String[] args = quorum == null
                ? new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propertiesFile.toString(), "--standalone"}
                : new String[] {"format", "-t", quorum.clusterId(), "-c", propertiesFile.toString()};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try (PrintStream printStream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(args, printStream);
        }
        if (exit != 0) {
            throw new IllegalStateException("Formatting Kafka storage failed (exit " + exit + "): "
                    + out.toString(StandardCharsets.UTF_8));
        }
    }

    private static int rememberedControllerPort(Path propertiesFile) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(propertiesFile)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Data directory is formatted but " + propertiesFile + " cannot be read", e);
        }
        String port = p.getProperty(CONTROLLER_PORT_KEY);
        if (port == null) {
            throw new IllegalStateException(propertiesFile + " lacks " + CONTROLLER_PORT_KEY
                    + "; this data directory was not created by fer broker");
        }
        return Integer.parseInt(port.trim());
    }

    private static void writeProperties(Properties props, Path file) {
        try (Writer writer = Files.newBufferedWriter(file)) {
            props.store(writer, "Written by fer's embedded broker");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.debug("Could not delete {}", path, e);
                }
            });
        } catch (IOException e) {
            log.warn("Could not clean up {}", dir, e);
        }
    }
}
