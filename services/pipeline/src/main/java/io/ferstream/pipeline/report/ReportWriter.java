package io.ferstream.pipeline.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes a {@link RunReport} as {@code report.json} (machine-readable), {@code verdicts.csv} (one
 * line per image) and {@code report.html} (a self-contained page: tables and inline SVG
 * histograms, no scripts or network resources) with its galleries of thumbnails beside it in
 * {@code gallery/}.
 */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final CsvMapper CSV = new CsvMapper().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
    static final List<String> CSV_SCORES = List.of("quality.blur", "quality.brightness", "quality.contrast",
            "quality.edge_density", "faces.count", "faces.area_ratio", "duplicates.distance", "duplicates.group",
            "embedder.distance");
    private static final int BINS = 40;

    private ReportWriter() {
    }

    /** The report as plain data: what report.json holds. */
    public static Map<String, Object> summary(RunReport report, Map<String, Object> run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.put("published", report.published());
        json.put("total", report.total());
        json.put("cleaned", report.count(RunReport.Outcome.KEPT) + report.count(RunReport.Outcome.FLAGGED));
        json.put("kept_clean", report.count(RunReport.Outcome.KEPT));
        json.put("kept_flagged", report.count(RunReport.Outcome.FLAGGED));
        json.put("rejected", report.count(RunReport.Outcome.REMOVED));
        json.put("dead_letters", report.deadLetters());
        json.put("face_check", report.faceCheckSkipped() == 0 ? "ran" : "skipped for " + report.faceCheckSkipped()
                + " images (the face detector was turned off with --detector none, or could not load: see the log)");
        long[] labelCheck = report.labelCheck();
        json.put("label_check", labelCheck[0] + labelCheck[1] == 0 ? "no image reached it"
                : labelCheck[1] == 0 ? "ran" : "ran for " + labelCheck[0] + " images, skipped for " + labelCheck[1]
                + " without a verdict (run fer label-issues, then fer run --label-issues label-issues.csv)");
        json.put("removed_by_stage_and_reason", report.removedByStageAndReason());
        json.put("flagged_by_stage_and_reason", report.flaggedByStageAndReason());
        Map<String, Long> duplicates = report.duplicates();
        json.put("duplicates", duplicates == null ? "off" : duplicates);
        Map<String, Object> splits = new LinkedHashMap<>();
        report.bySplit().forEach((split, c) -> splits.put(split.name(), counts(c)));
        json.put("by_split", splits);
        Map<String, Object> classes = new LinkedHashMap<>();
        report.bySplitAndClass().forEach((key, c) -> classes.put(key, counts(c)));
        json.put("by_split_and_class", classes);
        json.put("thresholds", report.thresholdsByStage());
        return json;
    }

    private static Map<String, Long> counts(long[] c) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("input", c[0]);
        m.put("kept", c[1]);
        m.put("flagged", c[2]);
        m.put("removed", c[3]);
        return m;
    }

    public static void writeJson(Path file, Map<String, Object> summary) throws IOException {
        JSON.writeValue(file.toFile(), summary);
    }

    /** One line per image; written by Jackson's CSV generator, so an id or reason with a comma, quote or line break round-trips. */
    public static void writeVerdictsCsv(Path file, RunReport report) throws IOException {
        List<String> columns = new ArrayList<>(List.of("id", "split", "label", "final_stage", "verdict", "reason"));
        CSV_SCORES.forEach(score -> columns.add(score.replace('.', '_')));
        CsvSchema schema = CsvSchema.builder().addColumns(columns, CsvSchema.ColumnType.STRING).build().withHeader();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             SequenceWriter rows = CSV.writer(schema).writeValues(out)) {
            for (RunReport.Row row : report.rows()) {
                List<String> values = new ArrayList<>(columns.size());
                values.add(row.id());
                values.add(row.split().name());
                values.add(row.label() == null ? "" : row.label().name());
                values.add(row.finalStage());
                values.add(row.outcome().name().toLowerCase(Locale.ROOT));
                values.add(row.reason() == null ? "" : row.reason());
                for (String score : CSV_SCORES) {
                    Double value = row.scores().get(score);
                    values.add(value == null || value.isNaN() ? "" : Double.toString(value));
                }
                rows.write(values);
            }
        }
    }

    public static void writeHtml(Path file, RunReport report, Map<String, Object> summary) throws IOException {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>FER cleaning report — ").append(escape(report.runId())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;")
                .append("text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
                .append(".grid{display:grid;grid-template-columns:repeat(2,1fr);gap:1rem}figure{margin:0}")
                .append("figcaption{font-weight:600;margin-bottom:.25rem}.kept{color:#2a7}.removed{color:#c33}")
                .append("</style></head><body>\n");
        html.append("<h1>Cleaning report</h1><p>Run <code>").append(escape(report.runId())).append("</code></p>\n");
        if (summary.get("run") instanceof Map<?, ?> run && run.get("source_summary") instanceof String source && !source.isEmpty()) {
            html.append("<p>Source: ").append(escape(source)).append("</p>\n");
        }
        html.append("<table><tr><th>Published</th><th>Reached the end</th><th>Kept</th><th>Kept, flagged</th>")
                .append("<th>Removed</th><th>Dead letters</th></tr><tr><td>").append(report.published()).append("</td><td>")
                .append(report.total()).append("</td><td class=\"kept\">").append(report.count(RunReport.Outcome.KEPT))
                .append("</td><td>").append(report.count(RunReport.Outcome.FLAGGED)).append("</td><td class=\"removed\">")
                .append(report.count(RunReport.Outcome.REMOVED)).append("</td><td>").append(report.deadLetters())
                .append("</td></tr></table>\n");

        if (report.faceCheckSkipped() > 0) {
            html.append("<p><strong>Face check skipped</strong> for ").append(report.faceCheckSkipped())
                    .append(" images: the face detector was turned off (<code>--detector none</code>) or could not ")
                    .append("load (the log says why).</p>\n");
        }
        long[] labelCheck = report.labelCheck();
        if (labelCheck[1] > 0) {
            html.append("<p><strong>Label check skipped</strong> for ").append(labelCheck[1]).append(" images: no verdict of ")
                    .append("<code>fer label-issues</code> for them (run it, then <code>fer run --label-issues ")
                    .append("label-issues.csv</code>).</p>\n");
        }
        reasonTable(html, "Removed, by stage and reason", report.removedByStageAndReason());
        reasonTable(html, "Flagged and kept, by stage and reason", report.flaggedByStageAndReason());
        Map<String, Long> duplicates = report.duplicates();
        html.append("<h2>Duplicates</h2>");
        if (duplicates == null) {
            html.append("<p>The duplicate check did not run (<code>--no-duplicates</code>, or no image reached it).</p>\n");
        } else {
            html.append("<p>Exact and near duplicates (perceptual hash). A TRAIN image that is also a VALIDATION or TEST ")
                    .append("image is <em>leakage</em>; copies whose labels disagree are <em>label conflicts</em>.</p><table>");
            duplicates.forEach((key, n) -> html.append("<tr><td>").append(escape(key.replace('_', ' ')))
                    .append("</td><td>").append(n).append("</td></tr>"));
            html.append("</table>\n");
        }

        List<GalleryWriter.Gallery> galleries = GalleryWriter.write(file.toAbsolutePath().getParent(), report);
        html.append("<h2>Galleries</h2><p>The images behind each number, to judge a rule by eye (pages of thumbnails, ")
                .append("offline).</p><table><tr><th>Gallery</th><th>Images</th></tr>");
        for (GalleryWriter.Gallery gallery : galleries) {
            html.append("<tr><td><a href=\"").append(escape(gallery.firstPage())).append("\">").append(escape(gallery.title()))
                    .append("</a></td><td>").append(gallery.images()).append("</td></tr>");
        }
        html.append("</table>\n");

        html.append("<h2>Retention by split</h2><p>Only TRAIN images are removed by default; VALIDATION and TEST ")
                .append("images are scored and flagged but kept, so evaluation uses the untouched test split.</p>");
        table(html, "Split", report.bySplit().entrySet().stream()
                .map(e -> Map.entry(e.getKey().name(), e.getValue())).toList());
        html.append("<h2>Retention by split and class</h2>");
        table(html, "Split / class", report.bySplitAndClass().entrySet().stream().toList());

        html.append("<h2>Scores</h2><p>Red lines are the thresholds applied.</p><div class=\"grid\">\n");
        for (RunReport.ScoreSpec spec : RunReport.SCORES) {
            double[] values = report.values(spec.key());
            if (values.length == 0) {
                continue;
            }
            Map<String, Double> thresholds = report.thresholdsByStage().getOrDefault(spec.stage(), Map.of());
            html.append("<figure><figcaption>").append(escape(spec.title())).append(" — ").append(values.length)
                    .append(" images</figcaption>").append(histogram(values, spec.thresholdKeys().stream()
                            .map(thresholds::get).filter(v -> v != null).toList())).append("</figure>\n");
        }
        html.append("</div>\n<h2>Thresholds</h2><pre>").append(escape(JSON.writeValueAsString(summary.get("thresholds"))))
                .append("</pre></body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static void reasonTable(StringBuilder html, String title, Map<String, Map<String, Long>> byStageAndReason) {
        html.append("<h2>").append(title).append("</h2><table><tr><th>Stage</th><th>Reason</th><th>Images</th></tr>");
        byStageAndReason.forEach((stage, reasons) -> reasons.forEach((reason, n) ->
                html.append("<tr><td>").append(escape(stage)).append("</td><td>").append(escape(reason))
                        .append("</td><td>").append(n).append("</td></tr>")));
        html.append("</table>\n");
    }

    private static void table(StringBuilder html, String firstHeader, List<Map.Entry<String, long[]>> rows) {
        html.append("<table><tr><th>").append(firstHeader)
                .append("</th><th>Input</th><th>Kept</th><th>Flagged</th><th>Removed</th><th>Retention</th></tr>");
        for (Map.Entry<String, long[]> row : rows) {
            long[] c = row.getValue();
            html.append("<tr><td>").append(escape(row.getKey())).append("</td><td>").append(c[0]).append("</td><td>")
                    .append(c[1]).append("</td><td>").append(c[2]).append("</td><td>").append(c[3]).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f %%", c[0] == 0 ? 0 : 100.0 * (c[1] + c[2]) / c[0]))
                    .append("</td></tr>");
        }
        html.append("</table>\n");
    }

    /** An SVG bar chart of {@code values} in 40 bins, with a red line at each threshold in range. */
    static String histogram(double[] values, List<Double> thresholds) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (double t : thresholds) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        double width = max > min ? (max - min) / BINS : 1;
        long[] bins = new long[BINS];
        for (double v : values) {
            bins[Math.min(BINS - 1, (int) ((v - min) / width))]++;
        }
        long top = 1;
        for (long b : bins) {
            top = Math.max(top, b);
        }
        int w = 500;
        int h = 160;
        double barWidth = (double) w / BINS;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " "
                + (h + 20) + "\" width=\"100%\" role=\"img\">");
        for (int i = 0; i < BINS; i++) {
            double barHeight = (double) h * bins[i] / top;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7bd0\">"
                    + "<title>%.4g – %.4g: %d</title></rect>", i * barWidth, h - barHeight, barWidth - 1, barHeight,
                    min + i * width, min + (i + 1) * width, bins[i]));
        }
        for (double t : thresholds) {
            double x = max > min ? (t - min) / (max - min) * w : 0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\" stroke=\"#d22\" "
                    + "stroke-width=\"2\"/>", x, x, h));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"11\">%.4g</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.4g</text></svg>", h + 15, min, w, h + 15, max));
        return svg.toString();
    }

    /** Text as HTML: the four characters that could break out of an element or attribute. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
