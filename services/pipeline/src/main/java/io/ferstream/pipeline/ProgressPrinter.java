package io.ferstream.pipeline;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Live progress of a run, one line per stage with images, images/s and rejections so far, read
 * from the stages' own metrics. On a terminal it redraws in place twice a second; otherwise (CI
 * logs, pipes) it prints one compact line every 10 seconds.
 */
public final class ProgressPrinter {

    private static final List<String[]> STAGES = List.of(
            new String[] {"fetch", "fer.fetcher.images.published", null},
            new String[] {"quality", "fer_quality_images_in", "fer_quality_images_rejected"},
            new String[] {"faces", "fer_faces_images_in", "fer_faces_images_rejected"},
            new String[] {"embedder", "fer_embedder_images_in", "fer_embedder_images_rejected"},
            new String[] {"enhancer", "fer_enhancer_images_in", null},
            new String[] {"done", "fer_run_final_records", null});

    private final PrintStream out;
    private final boolean interactive;
    private ScheduledExecutorService ticker;
    private MeterRegistry registry;
    private double[] last = new double[STAGES.size()];
    private long lastNanos;
    private boolean drawn;

    public ProgressPrinter(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Where the progress goes; later phases of a run (training) print there too. */
    public PrintStream out() {
        return out;
    }

    void start(MeterRegistry registry) {
        this.registry = registry;
        this.lastNanos = System.nanoTime();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fer-progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = interactive ? 500 : 10_000;
        ticker.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            print();
        }
    }

    private synchronized void print() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < STAGES.size(); i++) {
            String[] stage = STAGES.get(i);
            double count = value(stage[1]);
            double rate = (count - last[i]) / seconds;
            last[i] = count;
            double rejected = stage[2] == null ? 0 : sum(stage[2]);
            if (interactive) {
                block.append(String.format(Locale.ROOT, "%-9s %9.0f images %8.0f/s %8.0f rejected%n", stage[0], count,
                        rate, rejected));
            } else {
                block.append(String.format(Locale.ROOT, "%s %.0f (%.0f/s)%s", stage[0], count, rate,
                        i == STAGES.size() - 1 ? "" : " | "));
            }
        }
        lastNanos = now;
        if (interactive) {
            if (drawn) {
                out.print("\u001b[" + STAGES.size() + "A");
            }
            out.print(block);
            drawn = true;
        } else {
            out.println("progress: " + block);
        }
        out.flush();
    }

    private double value(String name) {
        var gauge = registry.find(name).gauge();
        if (gauge != null) {
            return gauge.value();
        }
        return sum(name);
    }

    private double sum(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
