package io.ferstream.pipeline.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.ferstream.events.Emotion;

/**
 * The report's galleries: static pages of inline thumbnails (no scripts, no network: they work
 * offline and from a file) so a person can judge a rule by its images. One paginated gallery per
 * stage and reason of removed images and of flagged ones, the duplicate groups side by side (the
 * image kept beside the ones removed), and the images nearest each threshold on both sides.
 */
final class GalleryWriter {

    static final int IMAGES_PER_PAGE = 120;
    static final int GROUPS_PER_PAGE = 40;
    static final String FOLDER = "gallery";
    private static final Pattern UNSAFE = Pattern.compile("[^a-z0-9_]+");

    /** One gallery: its title, how many images it shows, and the file of its first page (relative to the report). */
    record Gallery(String title, long images, String firstPage) {
    }

    private GalleryWriter() {
    }

    /** Writes every gallery into {@code <reportDir>/gallery} (replacing an earlier run's pages) and lists them. */
    static List<Gallery> write(Path reportDir, RunReport report) throws IOException {
        Path dir = reportDir.resolve(FOLDER);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.html")) {
            for (Path page : old) {
                Files.delete(page);
            }
        }
        List<Gallery> galleries = new ArrayList<>();
        Map<String, List<RunReport.Row>> removed = new TreeMap<>();
        Map<String, List<RunReport.Row>> flagged = new TreeMap<>();
        for (RunReport.Row row : report.rows()) {
            switch (row.outcome()) {
                case REMOVED -> removed.computeIfAbsent(row.finalStage() + ":" + (row.reason() == null ? "unknown" : row.reason()),
                        k -> new ArrayList<>()).add(row);
                case FLAGGED -> flagged.computeIfAbsent(row.reason(), k -> new ArrayList<>()).add(row);
                default -> { }
            }
        }
        for (Map.Entry<String, List<RunReport.Row>> entry : removed.entrySet()) {
            galleries.add(imagePages(dir, report, "Removed", entry.getKey(), entry.getValue()));
        }
        for (Map.Entry<String, List<RunReport.Row>> entry : flagged.entrySet()) {
            galleries.add(imagePages(dir, report, "Flagged and kept", entry.getKey(), entry.getValue()));
        }
        Gallery groups = groupPages(dir, report);
        if (groups != null) {
            galleries.add(groups);
        }
        List<ThresholdNeighbours.Side> sides = report.thresholdNeighbours();
        if (!sides.isEmpty()) {
            galleries.add(thresholdPage(dir, sides));
        }
        return galleries;
    }

    private static Gallery imagePages(Path dir, RunReport report, String kind, String stageAndReason,
                                      List<RunReport.Row> rows) throws IOException {
        String stage = stageAndReason.substring(0, stageAndReason.indexOf(':'));
        String title = kind + ": " + stageAndReason.replace(":", " — ");
        String rankKey = stage + ".rank";
        boolean ranked = rows.stream().anyMatch(row -> row.scores().containsKey(rankKey));
        if (ranked) {
            // Label issues read best most-likely-wrong first.
            rows = new ArrayList<>(rows);
            rows.sort(Comparator.comparingDouble(row -> row.scores().getOrDefault(rankKey, Double.MAX_VALUE)));
        }
        String name = UNSAFE.matcher((kind.startsWith("Removed") ? "removed-" : "flagged-") + stageAndReason
                .toLowerCase(Locale.ROOT)).replaceAll("-");
        int pages = Math.max(1, (rows.size() + IMAGES_PER_PAGE - 1) / IMAGES_PER_PAGE);
        for (int page = 1; page <= pages; page++) {
            StringBuilder body = new StringBuilder("<div class=\"grid\">");
            for (RunReport.Row row : rows.subList((page - 1) * IMAGES_PER_PAGE, Math.min(rows.size(), page * IMAGES_PER_PAGE))) {
                figure(body, report.thumbnail(row.id()), row.id(), row.split() + " " + label(row),
                        scoresOf(row.scores(), stage));
            }
            body.append("</div>");
            writePage(dir, name, page, pages, title, rows.size() + (ranked ? " images, most likely wrong first." : " images, in id order."),
                    body);
        }
        return new Gallery(title, rows.size(), FOLDER + "/" + pageFile(name, 1));
    }

    /** Groups of twins side by side: the image kept and the ones removed or flagged, with each one's role. */
    private static Gallery groupPages(Path dir, RunReport report) throws IOException {
        Map<Long, List<RunReport.Row>> groups = new TreeMap<>();
        for (RunReport.Row row : report.rows()) {
            Double group = row.scores().get(RunReport.DUPLICATES_STAGE + ".group");
            if (group != null) {
                groups.computeIfAbsent(group.longValue(), g -> new ArrayList<>()).add(row);
            }
        }
        if (groups.isEmpty()) {
            return null;
        }
        List<Map.Entry<Long, List<RunReport.Row>>> all = new ArrayList<>(groups.entrySet());
        String name = "duplicate-groups";
        String title = "Duplicate groups";
        int pages = (all.size() + GROUPS_PER_PAGE - 1) / GROUPS_PER_PAGE;
        long images = all.stream().mapToLong(e -> e.getValue().size()).sum();
        for (int page = 1; page <= pages; page++) {
            StringBuilder body = new StringBuilder();
            for (Map.Entry<Long, List<RunReport.Row>> group : all.subList((page - 1) * GROUPS_PER_PAGE,
                    Math.min(all.size(), page * GROUPS_PER_PAGE))) {
                body.append("<section class=\"group\"><h3>Group ").append(group.getKey()).append("</h3><div class=\"row\">");
                List<RunReport.Row> members = new ArrayList<>(group.getValue());
                members.sort(Comparator.comparing(r -> r.outcome() == RunReport.Outcome.REMOVED));
                for (RunReport.Row row : members) {
                    figure(body, report.thumbnail(row.id()), row.id(), row.split() + " " + label(row),
                            List.of(role(row), "distance " + format(row.scores().get(RunReport.DUPLICATES_STAGE + ".distance"))));
                }
                body.append("</div></section>");
            }
            writePage(dir, name, page, pages, title, all.size() + " groups, " + images
                    + " images. Each group's kept image comes first, shown as cleaned (after CLAHE); distance is in bits of "
                    + "the 63-bit perceptual hash to the nearest twin.", body);
        }
        return new Gallery(title, images, FOLDER + "/" + pageFile(name, 1));
    }

    private static Gallery thresholdPage(Path dir, List<ThresholdNeighbours.Side> sides) throws IOException {
        StringBuilder body = new StringBuilder();
        long images = 0;
        for (ThresholdNeighbours.Side side : sides) {
            body.append("<section><h2>").append(ReportWriter.escape(side.title())).append(" — ").append(ReportWriter.escape(side.thresholdKey()))
                    .append(" = ").append(format(side.threshold())).append("</h2>");
            for (var half : List.of(Map.entry("Just below", side.below()), Map.entry("Just above", side.above()))) {
                body.append("<h3>").append(half.getKey()).append("</h3><div class=\"grid\">");
                for (ThresholdNeighbours.Neighbour n : half.getValue()) {
                    figure(body, n.thumbnail(), n.id(), n.split() + " " + (n.label() == null ? "unlabelled" : n.label()),
                            List.of(side.score() + " " + format(n.score())));
                    images++;
                }
                body.append("</div>");
            }
            body.append("</section>");
        }
        String title = "Nearest each threshold";
        writePage(dir, "near-thresholds", 1, 1, title, "The " + ThresholdNeighbours.PER_SIDE
                + " images nearest each threshold on either side, nearest first. Images that were kept are shown as "
                + "cleaned (after CLAHE); the scores were taken before.", body);
        return new Gallery(title, images, FOLDER + "/" + pageFile("near-thresholds", 1));
    }

    private static void figure(StringBuilder html, byte[] png, String id, String what, List<String> lines) {
        html.append("<figure>");
        if (png == null) {
            html.append("<div class=\"none\">no picture</div>");
        } else {
            html.append("<img alt=\"").append(ReportWriter.escape(id)).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\">");
        }
        html.append("<figcaption><b>").append(ReportWriter.escape(id)).append("</b><br>").append(ReportWriter.escape(what));
        lines.forEach(line -> html.append("<br>").append(ReportWriter.escape(line)));
        html.append("</figcaption></figure>");
    }

    private static void writePage(Path dir, String name, int page, int pages, String title, String intro,
                                  StringBuilder body) throws IOException {
        StringBuilder html = new StringBuilder(body.length() + 2048);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(ReportWriter.escape(title))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}")
                .append(".grid,.row{display:flex;flex-wrap:wrap;gap:.6rem}figure{margin:0;width:110px;font-size:11px;")
                .append("overflow-wrap:anywhere}img,.none{width:96px;height:96px;image-rendering:pixelated;display:block;")
                .append("background:#eee}.none{font-size:11px;text-align:center;line-height:96px}")
                .append(".group{border-top:1px solid #ccc;padding:.3rem 0}h3{margin:.4rem 0;font-size:14px}")
                .append("nav a{margin-right:1rem}</style></head><body>\n<nav><a href=\"../report.html\">Report</a>");
        if (page > 1) {
            html.append("<a href=\"").append(pageFile(name, page - 1)).append("\">Previous</a>");
        }
        if (page < pages) {
            html.append("<a href=\"").append(pageFile(name, page + 1)).append("\">Next</a>");
        }
        html.append("</nav><h1>").append(ReportWriter.escape(title)).append("</h1><p>Page ").append(page).append(" of ").append(pages)
                .append(". ").append(ReportWriter.escape(intro)).append("</p>\n").append(body).append("\n</body></html>\n");
        Files.writeString(dir.resolve(pageFile(name, page)), html, StandardCharsets.UTF_8);
    }

    static String pageFile(String name, int page) {
        return name + "-" + page + ".html";
    }

    private static List<String> scoresOf(Map<String, Double> scores, String stage) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(scores).forEach((key, value) -> {
            if (key.startsWith(stage + ".")) {
                String name = key.substring(stage.length() + 1);
                // The label check's suggested label is a class index: shown by its name.
                boolean classIndex = name.equals("suggested") && value >= 0 && value < Emotion.values().length;
                lines.add(name + " " + (classIndex ? Emotion.values()[value.intValue()].name() : format(value)));
            }
        });
        return lines;
    }

    private static String role(RunReport.Row row) {
        return switch (row.outcome()) {
            case KEPT -> "kept";
            case FLAGGED -> "flagged " + row.reason().substring(row.reason().indexOf(':') + 1);
            case REMOVED -> "removed: " + row.reason();
        };
    }

    private static String label(RunReport.Row row) {
        return row.label() == null ? "unlabelled" : row.label().name();
    }

    private static String format(Double value) {
        return value == null || value.isNaN() ? "–" : String.format(Locale.ROOT, "%.4g", value);
    }
}
