package io.ferstream.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page in a real headless browser (Debian's Chromium): it must load without console
 * errors and render its tables and charts. Skips visibly where Chromium is not installed
 * ({@code .ci/run} installs it).
 */
class ReportPageBrowserTest {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

    @Test
    void rendersInHeadlessChromiumWithoutErrors(@TempDir Path dir) throws Exception {
        String browser = BROWSERS.stream().filter(b -> Files.isExecutable(Path.of(b))).findFirst().orElse(null);
        assumeTrue(browser != null, "Chromium not installed: report rendering check skipped");

        RunReport report = new RunReport("browser-check");
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            boolean removed = i % 10 == 0;
            StageVerdict verdict = StageVerdict.newBuilder().setStage("quality").setPassed(!removed).setEnforced(true)
                    .setReason(removed ? "blur" : null).setThresholds(Map.of("blur.min", 80.0)).build();
            report.add(FaceImage.newBuilder().setId("fer2013:" + i).setRunId("browser-check").setDataset("fer2013")
                    .setSplit(Split.TRAIN).setLabel(Emotion.values()[i % 7]).setWidth(1).setHeight(1)
                    .setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(new byte[1])).setSource("s")
                    .setIngestTime(Instant.EPOCH).setScores(Map.of("quality.blur", 40 + random.nextDouble() * 900))
                    .setVerdicts(List.of(verdict)).build(), removed);
        }
        report.published(200);
        Path html = dir.resolve("report.html");
        ReportWriter.writeHtml(html, report, ReportWriter.summary(report, Map.of("run_id", "browser-check")));

        Process chromium = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=2000", "--dump-dom", html.toUri().toString())
                .redirectOutput(dir.resolve("dom.html").toFile())
                .redirectError(dir.resolve("browser.log").toFile())
                .start();
        assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        String log = Files.readString(dir.resolve("browser.log"), StandardCharsets.UTF_8);
        String dom = Files.readString(dir.resolve("dom.html"), StandardCharsets.UTF_8);
        assertThat(chromium.exitValue()).as("chromium exit; log:%n%s", log).isZero();
        assertThat(log).as("console errors").doesNotContain("CONSOLE").doesNotContain("Uncaught");
        assertThat(dom).contains("Cleaning report", "<svg", "Removed, by stage and reason", "blur");
    }
}
