package io.ferstream.platform.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one registry every service serves on {@code /metrics}: Prometheus, with the JVM and process
 * families ({@code jvm_*}, {@code process_*}, {@code system_cpu_*}) bound from the start and the
 * common tag {@code service} on every meter, so dashboards can tell services apart even when several
 * share a scrape target. Closing it releases the binders that hold listeners (the GC notifications).
 */
public final class ServiceMetrics extends PrometheusMeterRegistry implements AutoCloseable {

    /** The tag every meter carries: which service (command) exposes it. */
    public static final String SERVICE_TAG = "service";

    private static final String KAFKA_STREAMS_PROCESS_ID_TAG = "process.id";
    private static final Logger log = LoggerFactory.getLogger(ServiceMetrics.class);

    private final List<AutoCloseable> closeableBinders = new ArrayList<>();

    private ServiceMetrics() {
        super(PrometheusConfig.DEFAULT);
    }

    /**
     * A registry for {@code service} (quality, faces, embedder, enhancer, fetcher, classifier,
     * gateway, run, serve, ...).
     */
    public static ServiceMetrics prometheus(String service) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("a service name is required");
        }
        ServiceMetrics registry = new ServiceMetrics();
        // Common tags apply only to meters registered after them, so they come first.
        registry.config().commonTags(SERVICE_TAG, service)
                // Kafka Streams tags its state metrics with its process id (process.id once bound), a
                // fresh UUID per run unless the state dir keeps one: new series each run, for nothing
                // a dashboard uses.
                .meterFilter(MeterFilter.ignoreTags(KAFKA_STREAMS_PROCESS_ID_TAG));
        JvmGcMetrics gc = new JvmGcMetrics();
        registry.closeableBinders.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new JvmCompilationMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
                new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
        return registry;
    }

    @Override
    public void close() {
        for (AutoCloseable binder : closeableBinders) {
            try {
                binder.close();
            } catch (Exception e) {
                log.warn("Cannot release metrics binder {}", binder, e);
            }
        }
        closeableBinders.clear();
        super.close();
    }
}
