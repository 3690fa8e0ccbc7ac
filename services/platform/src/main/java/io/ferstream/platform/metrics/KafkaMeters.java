package io.ferstream.platform.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Binds a Kafka client's own metrics ({@code kafka_*}) to a registry with the tag {@code stage}.
 * Micrometer re-reads a client's metric list every 60 s by default, so task, processor and per-topic
 * families that Kafka adds after start-up would miss any run shorter than a minute; here it is every
 * {@link #REFRESH_INTERVAL}.
 */
public final class KafkaMeters {

    /** The tag naming the pipeline stage a Kafka client belongs to. */
    public static final String STAGE_TAG = "stage";

    /** How often the list of Kafka metrics is re-read for new ones. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);

    private KafkaMeters() {
    }

    public static AutoCloseable bind(KafkaStreams streams, String stage, MeterRegistry registry) {
        return bind(stage, registry, scheduler -> new KafkaStreamsMetrics(streams, Tags.of(STAGE_TAG, stage), scheduler,
                REFRESH_INTERVAL));
    }

    public static AutoCloseable bind(Consumer<?, ?> consumer, String stage, MeterRegistry registry) {
        return bind(stage, registry, scheduler -> new KafkaClientMetrics(consumer, Tags.of(STAGE_TAG, stage), scheduler,
                REFRESH_INTERVAL));
    }

    public static AutoCloseable bind(Producer<?, ?> producer, String stage, MeterRegistry registry) {
        return bind(stage, registry, scheduler -> new KafkaClientMetrics(producer, Tags.of(STAGE_TAG, stage), scheduler,
                REFRESH_INTERVAL));
    }

    /** Each binding owns its refresh thread: Micrometer does not stop a scheduler it was given. */
    private static <M extends MeterBinder & AutoCloseable> AutoCloseable bind(
            String stage, MeterRegistry registry, Function<ScheduledExecutorService, M> binderFactory) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fer-kafka-metrics-" + stage);
            thread.setDaemon(true);
            return thread;
        });
        M binder = binderFactory.apply(scheduler);
        binder.bindTo(registry);
        return () -> {
            try {
                binder.close();
            } finally {
                scheduler.shutdownNow();
            }
        };
    }
}
