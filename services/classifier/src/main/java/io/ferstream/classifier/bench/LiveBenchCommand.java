package io.ferstream.classifier.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import io.ferstream.classifier.ModelCardOption;
import io.ferstream.classifier.ClassifierConfig;
import io.ferstream.classifier.LiveModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fer bench live}: the live classifier's figures on frames of real faces, through an embedded
 * broker and registry in this JVM: latency of a 30 fps session, the highest rate served without a
 * drop, detection recall, live labels against the same model run directly, and optionally a flood's
 * memory growth. The goals printed beside the figures are the issue's; nothing here asserts them.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Benchmark fer classify on FER2013 VALIDATION faces composited into 640x480 JPEG frames, through an embedded broker.")
public final class LiveBenchCommand implements Callable<Integer> {

    @Mixin
    ModelCardOption modelCard;

    @Option(names = "--fer2013", paramLabel = "CSV", required = true,
            description = "FER2013 CSV (fer2013.csv or .csv.gz) whose PublicTest (VALIDATION) faces are composited.")
    Path fer2013;

    @Option(names = "--faces", defaultValue = "240", description = "VALIDATION faces composited, 1-3 a frame (240 faces: 120 frames). Default: ${DEFAULT-VALUE}.")
    int faces;

    @Option(names = "--background", defaultValue = "NOISY", description = "Behind the faces: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SceneComposer.Background background;

    @Option(names = "--seconds", defaultValue = "30", description = "Length of the 30 fps session. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--session-fps", defaultValue = "30", description = "Frame rate of the latency session. Default: ${DEFAULT-VALUE}.")
    int sessionFps;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "Unreported frames at the session rate first (ONNX and JIT warm-up). Default: ${DEFAULT-VALUE}.")
    int warmupSeconds;

    @Option(names = "--rate-search", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Find the highest rate served without a drop (--no-rate-search: skip). Default: on.")
    boolean rateSearch;

    @Option(names = "--step-seconds", defaultValue = "5", description = "Length of each rate step. Default: ${DEFAULT-VALUE}.")
    int stepSeconds;

    @Option(names = "--start-fps", defaultValue = "30", description = "First rate tried; doubled until one fails, then bisected. Default: ${DEFAULT-VALUE}.")
    int startFps;

    @Option(names = "--max-fps", defaultValue = "480", description = "Highest rate tried. Default: ${DEFAULT-VALUE}.")
    int maxFps;

    @Option(names = "--fps-resolution", defaultValue = "10", description = "The search stops when pass and failure are this close. Default: ${DEFAULT-VALUE}.")
    int fpsResolution;

    @Option(names = "--flood", description = "Also flood the classifier at --flood-factor x the sustained rate and report RSS growth and drops.")
    boolean flood;

    @Option(names = "--flood-seconds", defaultValue = "120", description = "Length of the flood. Default: ${DEFAULT-VALUE}.")
    int floodSeconds;

    @Option(names = "--flood-factor", defaultValue = "5", description = "Flood rate as a multiple of the sustained rate. Default: ${DEFAULT-VALUE}.")
    int floodFactor;

    @Option(names = "--flood-fps", description = "Flood at this rate instead (needed with --no-rate-search).")
    Integer floodFps;

    @Option(names = "--max-poll-records", defaultValue = "16", description = "The classifier's frames per poll. Default: ${DEFAULT-VALUE}.")
    int maxPollRecords;

    @Option(names = "--decode-threads", defaultValue = "2", description = "The classifier's threads decoding and detecting a poll's frames. Default: ${DEFAULT-VALUE}.")
    int decodeThreads;

    @Option(names = "--detector-side", defaultValue = "320", description = "The classifier's face detector side. Default: ${DEFAULT-VALUE}.")
    int detectorSide;

    @Option(names = "--crop-margin", defaultValue = "0.1", description = "The classifier's margin around a face box. Default: ${DEFAULT-VALUE}.")
    double cropMargin;

    @Option(names = "--max-frame-age-ms", defaultValue = "500", description = "The classifier's stale limit. Default: ${DEFAULT-VALUE}.")
    long maxFrameAgeMs;

    @Option(names = "--smoothing", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Per-session smoothing in the classifier, as fer classify's default (labels are compared on raw probabilities either way). Default: on.")
    boolean smoothing;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (flood && !rateSearch && floodFps == null) {
            System.err.println("fer bench live: --flood with --no-rate-search needs --flood-fps");
            return 2;
        }
        if (!Files.isRegularFile(fer2013)) {
            System.err.println("fer bench live: no FER2013 CSV at " + fer2013.toAbsolutePath() + " (--fer2013 PATH)");
            return 2;
        }
        String command = "fer " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        String loadBefore = machineLoad();
        out.println("Composing " + faces + " VALIDATION faces into 640x480 frames...");
        List<BenchFrame> pool = BenchFrames.of(fer2013, faces, new SceneComposer(background, 120, 160, 7));
        Report report = new Report();
        try (LiveBench bench = LiveBench.start(connection -> config(connection), modelCard.resolve())) {
            if (warmupSeconds > 0) {
                bench.run(pool, sessionFps, Duration.ofSeconds(warmupSeconds), 0);
            }
            out.printf("Session: %d fps for %d s...%n", sessionFps, seconds);
            report.session = bench.run(pool, sessionFps, Duration.ofSeconds(seconds), pool.size());
            try (LiveModel direct = modelCard.resolve().load()) {
                report.quality = LiveQuality.of(report.session.kept(), pool, direct, cropMargin);
            }
            if (rateSearch) {
                report.search = RateSearch.find(startFps, maxFps, fpsResolution, rate -> {
                    LiveBench.RunResult step = step(bench, pool, rate, Duration.ofSeconds(stepSeconds));
                    report.steps.add(step);
                    out.printf("  step %4d fps: %s%n", rate, describe(step));
                    return sustained(step);
                });
            }
            if (flood) {
                int rate = floodFps != null ? floodFps : Math.max(1, report.search.sustained()) * floodFactor;
                out.printf("Flood: %d fps for %d s...%n", rate, floodSeconds);
                report.flood = flood(bench, pool, rate);
            }
            report.healthy = bench.classifierHealthy();
        }
        report.print(out, command, loadBefore, machineLoad());
        return 0;
    }

    ClassifierConfig config(io.ferstream.platform.config.ConnectionConfig connection) {
        ClassifierConfig defaults = ClassifierConfig.defaults(connection);
        return defaults.withMaxFrameAge(Duration.ofMillis(maxFrameAgeMs)).withMaxPollRecords(maxPollRecords).withDecodeThreads(decodeThreads)
                .withDetectorSide(detectorSide).withCropMargin(cropMargin).withSmoothing(smoothing ? defaults.smoothing() : null).withHttpPort(-1);
    }

    private static LiveBench.RunResult step(LiveBench bench, List<BenchFrame> pool, int rate, Duration length) {
        try {
            LiveBench.RunResult result = bench.run(pool, rate, length, 0);
            Thread.sleep(1000); // let the broker and the classifier settle before the next step
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a rate step", e);
        }
    }

    /**
     * A rate is sustained when every frame got its prediction (none stale, none missing) and the slowest
     * 1 % stayed under half the stale limit: a backlog that grows during a short step shows as climbing
     * latency before it shows as drops.
     */
    boolean sustained(LiveBench.RunResult step) {
        return step.staleDrops() == 0 && step.missing() == 0 && step.deadLetters() == 0
                && step.latency().p99() < maxFrameAgeMs / 2.0 && step.sentFps() >= 0.95 * step.targetFps();
    }

    /** Memory of the flood: VmRSS and RssAnon before, at the end and at their highest, sampled each second. */
    record Flood(LiveBench.RunResult run, long rssBeforeKib, long rssAfterKib, long rssMaxKib, long anonBeforeKib, long anonAfterKib) {
    }

    private Flood flood(LiveBench bench, List<BenchFrame> pool, int rate) throws InterruptedException {
        long rssBefore = ProcessMemory.kib("VmRSS");
        long anonBefore = ProcessMemory.kib("RssAnon");
        AtomicLong rssMax = new AtomicLong(rssBefore);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                rssMax.accumulateAndGet(ProcessMemory.kib("VmRSS"), Math::max);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        sampler.setDaemon(true);
        sampler.start();
        LiveBench.RunResult run = bench.run(pool, rate, Duration.ofSeconds(floodSeconds), 0);
        sampler.interrupt();
        sampler.join();
        long rssAfter = ProcessMemory.kib("VmRSS");
        return new Flood(run, rssBefore, rssAfter, Math.max(rssMax.get(), rssAfter), anonBefore, ProcessMemory.kib("RssAnon"));
    }

    private static String describe(LiveBench.RunResult r) {
        return String.format(Locale.ROOT, "sent %d at %.0f fps, predicted %d, stale %d, missing %d, p50 %.1f ms, p99 %.1f ms,"
                        + " CPU %.1f ms/frame; %s", r.sent(), r.sentFps(), r.predicted(), r.staleDrops(), r.missing(), r.latency().p50(),
                r.latency().p99(), r.cpuMsPerFrame(), steps(r.meanStepMs()));
    }

    /** {@code nproc} and the 1/5/15-minute load averages, read from the OS. */
    static String machineLoad() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            load = "n/a";
        }
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", loadavg " + load;
    }

    /** The figures gathered, printed as one table. */
    private final class Report {
        LiveBench.RunResult session;
        LiveQuality quality;
        RateSearch.Result search;
        final List<LiveBench.RunResult> steps = new ArrayList<>();
        Flood flood;
        boolean healthy;

        void print(PrintStream out, String command, String loadBefore, String loadAfter) {
            out.println();
            out.println("command: " + command);
            out.println("machine: " + loadBefore + " (start); " + loadAfter + " (end)");
            out.printf("classifier: max.poll.records %d, decode threads %d, detector side %d, crop margin %.2f, max frame age %d ms, smoothing %s; %d frames of %d faces (%s background)%n",
                    maxPollRecords, decodeThreads, detectorSide, cropMargin, maxFrameAgeMs, smoothing ? "on" : "off", session.kept().length, faces,
                    background.name().toLowerCase(Locale.ROOT));
            out.println();
            String row = "%-44s %-22s %-14s %s%n";
            out.printf(row, "figure", "measured", "goal", "");
            out.printf(row, "-".repeat(44), "-".repeat(22), "-".repeat(14), "");
            LatencySummary l = session.latency();
            out.printf(row, "latency p50, " + sessionFps + " fps session (" + seconds + " s)", ms(l.p50()), "<= 8 ms", verdict(l.p50() <= 8));
            out.printf(row, "latency p95", ms(l.p95()), "", "");
            out.printf(row, "latency p99", ms(l.p99()), "<= 20 ms", verdict(l.p99() <= 20));
            out.printf(row, "latency max", ms(l.max()), "", "");
            out.printf(row, "  classifier's own steps, mean (latenciesMs)", "", "", steps(session.meanStepMs()));
            out.printf(row, "  CPU of the whole JVM per frame", ms(session.cpuMsPerFrame()), "", "(broker, registry, bench and classifier)");
            out.printf(row, "session frames predicted / sent", session.predicted() + " / " + session.sent(), "all",
                    verdict(session.predicted() == session.sent()) + (session.staleDrops() > 0 ? " (" + session.staleDrops() + " stale)" : ""));
            if (search != null) {
                out.printf(row, "highest rate with no frame dropped", search.sustained() + " fps", ">= 150 fps",
                        verdict(search.sustained() >= 150) + " (steps of " + stepSeconds + " s, " + fpsResolution + " fps resolution)");
            }
            out.printf(row, "face detection recall (IoU >= 0.5)", pct(quality.found(), quality.faces())
                    + " of " + quality.faces(), ">= 95 %", verdict(quality.found() >= 0.95 * quality.faces())
                    + " (" + quality.extraDetections() + " extra detections)");
            out.printf(row, "  faces with a detection centred on them", pct(quality.touched(), quality.faces()), "",
                    "(found, or boxed too differently for IoU 0.5)");
            out.printf(row, "live label = direct label (found faces)", pct(quality.sameAsDirect(), quality.found()), ">= 98 %",
                    verdict(quality.sameAsDirect() >= 0.98 * quality.found()));
            out.printf(row, "  live label = model on the same crop", pct(quality.sameAsOfflineCrop(), quality.found()), "", "(the live path itself)");
            out.printf(row, "  model on known square = direct", pct(quality.squareSameAsDirect(), quality.found()), "",
                    "(JPEG + resize round trip only)");
            out.printf(row, "accuracy vs FER2013 label: live", pct(quality.liveCorrect(), quality.found()), "", "");
            out.printf(row, "accuracy vs FER2013 label: direct 48x48", pct(quality.directCorrect(), quality.found()), "", "");
            if (flood != null) {
                LiveBench.RunResult f = flood.run();
                long growth = flood.rssMaxKib() - flood.rssBeforeKib();
                out.printf(row, "flood: rate sent (" + floodSeconds + " s)", String.format(Locale.ROOT, "%.0f fps of %d", f.sentFps(), f.targetFps()), "", "");
                out.printf(row, "flood: RSS growth (max - before)", mib(growth), "<= 50 MB", verdict(growth <= 50 * 1024)
                        + " (VmRSS " + mib(flood.rssBeforeKib()) + " -> " + mib(flood.rssAfterKib()) + ", max " + mib(flood.rssMaxKib())
                        + "; RssAnon " + mib(flood.anonBeforeKib()) + " -> " + mib(flood.anonAfterKib()) + ")");
                out.printf(row, "flood: stale drops / predicted / sent", f.staleDrops() + " / " + f.predicted() + " / " + f.sent(), "",
                        "missing " + f.missing());
            }
            out.printf(row, "classifier loops alive at the end", healthy ? "yes" : "NO", "yes", "");
            if (!steps.isEmpty()) {
                out.println();
                out.println("rate steps:");
                for (LiveBench.RunResult s : steps) {
                    out.printf("  %4d fps: %s -> %s%n", s.targetFps(), describe(s), sustained(s) ? "sustained" : "not sustained");
                }
            }
        }
    }

    private static String steps(java.util.Map<String, Double> meanMs) {
        StringBuilder out = new StringBuilder();
        meanMs.forEach((step, ms) -> out.append(out.isEmpty() ? "" : ", ").append(step).append(' ').append(String.format(Locale.ROOT, "%.1f", ms)));
        return out.append(" ms").toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static String pct(int part, int whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }
}
