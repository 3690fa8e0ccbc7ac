package io.ferstream.gateway;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import io.ferstream.platform.metrics.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer gateway}: the web page, live socket and uploads in front of a running classifier. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Serve the web page, the live WebSocket (/ws/live) and uploads (/api/images): frames to fer.frames, "
                + "predictions back from fer.predictions.")
public final class GatewayCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    GatewayOptions gateway;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "The --out folder of a fer run, whose report.html and report.json the page links. Default: none.")
    Path reportDir;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = gateway.toConfig(connection.toConfig(), reportDir);
        ShutdownLatch latch = new ShutdownLatch("gateway");
        ServiceMetrics registry = latch.register(ServiceMetrics.prometheus("gateway"));
        GatewayService service = latch.register(GatewayService.start(config, registry));
        System.out.println("Gateway at " + service.url() + " (metrics at " + service.url() + "metrics). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
