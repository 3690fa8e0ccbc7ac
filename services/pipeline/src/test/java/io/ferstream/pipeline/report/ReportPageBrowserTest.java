package io.ferstream.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

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
            // A dark face-sized square on a light ground: a thumbnail the screenshot can see.
            byte[] pixels = new byte[48 * 48];
            for (int p = 0; p < pixels.length; p++) {
                boolean inside = Math.abs(p % 48 - 24) < 14 && Math.abs(p / 48 - 24) < 14;
                pixels[p] = (byte) (inside ? 30 + random.nextInt(20) : 200 + random.nextInt(40));
            }
            StageVerdict verdict = StageVerdict.newBuilder().setStage("quality").setPassed(!removed).setEnforced(true)
                    .setReason(removed ? "blur" : null).setThresholds(Map.of("blur.min", 80.0)).build();
            report.add(FaceImage.newBuilder().setId("fer2013:" + i).setRunId("browser-check").setDataset("fer2013")
                    .setSplit(Split.TRAIN).setLabel(Emotion.values()[i % 7]).setWidth(48).setHeight(48)
                    .setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(pixels)).setSource("s")
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
        assertThat(dom).contains("Cleaning report", "<svg", "Removed, by stage and reason", "blur", "Galleries",
                "gallery/removed-quality-blur-1.html");

        // The gallery of the 20 removed images, as a person sees it: a screenshot with 20 dark squares.
        Path gallery = dir.resolve("gallery").resolve("removed-quality-blur-1.html");
        Path screenshot = dir.resolve("gallery.png");
        Process shot = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--hide-scrollbars", "--window-size=1200,900",
                "--virtual-time-budget=2000", "--screenshot=" + screenshot, gallery.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("shot.log").toFile()).start();
        assertThat(shot.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(shot.exitValue()).as("chromium exit; log:%n%s", Files.readString(dir.resolve("shot.log"))).isZero();
        BufferedImage picture = ImageIO.read(screenshot.toFile());
        assertThat(darkSquares(picture)).as("thumbnails drawn in the screenshot").isEqualTo(20);
    }

    /** Counts the dark squares the thumbnails draw: connected runs of dark pixels along rows, then rows of them. */
    private static int darkSquares(BufferedImage picture) {
        boolean[][] dark = new boolean[picture.getHeight()][picture.getWidth()];
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int rgb = picture.getRGB(x, y);
                int gray = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3;
                dark[y][x] = gray < 70;
            }
        }
        // Flood-fill components of dark pixels at least 20 x 20 (a 28 px square drawn at 2x; text is thinner).
        int squares = 0;
        boolean[][] seen = new boolean[dark.length][dark[0].length];
        java.util.ArrayDeque<int[]> queue = new java.util.ArrayDeque<>();
        for (int y = 0; y < dark.length; y++) {
            for (int x = 0; x < dark[0].length; x++) {
                if (!dark[y][x] || seen[y][x]) {
                    continue;
                }
                int minX = x, maxX = x, minY = y, maxY = y;
                queue.add(new int[] {x, y});
                seen[y][x] = true;
                while (!queue.isEmpty()) {
                    int[] p = queue.poll();
                    minX = Math.min(minX, p[0]);
                    maxX = Math.max(maxX, p[0]);
                    minY = Math.min(minY, p[1]);
                    maxY = Math.max(maxY, p[1]);
                    for (int[] d : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
                        int nx = p[0] + d[0];
                        int ny = p[1] + d[1];
                        if (nx >= 0 && ny >= 0 && ny < dark.length && nx < dark[0].length && dark[ny][nx] && !seen[ny][nx]) {
                            seen[ny][nx] = true;
                            queue.add(new int[] {nx, ny});
                        }
                    }
                }
                if (maxX - minX >= 20 && maxY - minY >= 20) {
                    squares++;
                }
            }
        }
        return squares;
    }
}
