package io.ferstream.platform.config;

import java.util.List;
import java.util.Set;

import io.ferstream.events.Split;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.SplitPolicy;
import picocli.CommandLine.Option;

/** The flags every filter stage shares: who it is in its consumer group, and how it runs. */
public final class StageOptions {

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id; workers with the same id share the work. Default: fer-<stage>.")
    String applicationId;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads in this worker. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--enforce-splits", split = ",", paramLabel = "SPLIT", defaultValue = "TRAIN",
            description = "Splits whose failing images are removed; others are flagged and kept. Default: ${DEFAULT-VALUE}.")
    List<Split> enforcedSplits;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
            description = "Address of /metrics and /health. Default: ${DEFAULT-VALUE}.")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "0",
            description = "Port of /metrics and /health (0 = any free port, -1 = off). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    public ImageStageService.Config toConfig(ConnectionConfig connection, String stage) {
        return new ImageStageService.Config(connection, applicationId(stage), threads, policy(), metricsHost, metricsPort,
                null);
    }

    /** The given application id, or {@code fer-<stage>}. */
    public String applicationId(String stage) {
        return applicationId == null ? "fer-" + stage : applicationId;
    }

    public int threads() {
        return threads;
    }

    public SplitPolicy policy() {
        return new SplitPolicy(enforcedSplits == null ? Set.of() : Set.copyOf(enforcedSplits));
    }

    public String metricsHost() {
        return metricsHost;
    }

    public int metricsPort() {
        return metricsPort;
    }
}
