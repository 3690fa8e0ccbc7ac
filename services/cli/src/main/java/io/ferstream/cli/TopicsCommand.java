package io.ferstream.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.topics.FerTopic;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fer topics}: creates the pipeline's topics on an external cluster and lists them. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create (if missing) and list the pipeline's topics on the cluster.")
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        ConnectionConfig config = connection.toConfig();
        Map<String, Integer> partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            partitions = new TopicProvisioner(admin, config.topicNames(), Duration.ofSeconds(60)).ensureAll();
        }
        System.out.printf("%-28s %10s  %s%n", "TOPIC", "PARTITIONS", "CLEANUP");
        for (FerTopic<?> topic : Topics.ALL) {
            String name = config.topicNames().of(topic);
            System.out.printf("%-28s %10d  %s%n", name, partitions.get(name), topic.compacted() ? "compact" : "delete");
        }
        return 0;
    }
}
