package io.ferstream.pipeline;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ferstream.classifier.ModelCardOption;
import io.ferstream.classifier.ModelSource;
import io.ferstream.gateway.GatewayOptions;
import io.ferstream.platform.lifecycle.ShutdownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer serve}: the product in one command, no dataset needed: broker, registry, classifier and gateway in this JVM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"See the product work in one command: the embedded broker and registry, the live classifier and the gateway "
                + "(web page, live camera socket, uploads) in this JVM. Needs no dataset. Ctrl-C stops it."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    GatewayOptions gateway;

    @Mixin
    ModelCardOption modelCard;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "The --out folder of a fer run, whose report the page links. Default: none.")
    Path reportDir;

    @Override
    public Integer call() throws Exception {
        return serve(modelCard.resolve(), gateway, reportDir, "serve");
    }

    /** Serves until Ctrl-C; what {@code fer serve} and {@code fer run --serve} share. */
    static int serve(ModelSource model, GatewayOptions gateway, Path reportDir, String name) throws InterruptedException {
        ShutdownLatch latch = new ShutdownLatch(name);
        LiveStack stack = latch.register(LiveStack.start(model, connection -> gateway.toConfig(connection, reportDir)));
        System.out.println("fer " + name + ": open " + stack.url() + " (metrics at " + stack.url() + "metrics). Ctrl-C to stop.");
        latch.await();
        return 0;
    }
}
