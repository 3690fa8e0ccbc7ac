package io.ferstream.fetcher;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import io.ferstream.fetcher.datasets.DatasetLayout;
import io.ferstream.fetcher.datasets.DatasetRegistry;
import io.ferstream.fetcher.datasets.DatasetSpec;
import io.ferstream.fetcher.datasets.DatasetStatus;
import io.ferstream.fetcher.kaggle.DatasetDownloader;
import io.ferstream.fetcher.kaggle.KaggleClient;
import io.ferstream.fetcher.kaggle.KaggleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer datasets}: the dataset registry, whether each set is present, and downloads without publishing. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the known datasets (origin, terms, Kaggle id, layout, label map, face crop, split) and whether "
                + "each is present under the data dir; or download some without publishing them.")
public final class DatasetsCommand implements Callable<Integer> {

    @Option(names = "--list", description = "List the datasets (the default action).")
    boolean list;

    @Option(names = "--download", paramLabel = "KEY", split = ",",
            description = "Download these datasets from Kaggle into <data-dir>/<KEY> (skipped when complete unless --force).")
    List<String> download;

    @Option(names = "--force", description = "With --download: download again even when complete.")
    boolean force;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where datasets are downloaded, one folder per key. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--kaggle-url", paramLabel = "URL", defaultValue = "https://www.kaggle.com",
            description = "Kaggle API origin. Default: ${DEFAULT-VALUE}.")
    URI kaggleUrl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DatasetRegistry registry = DatasetRegistry.standard();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = 0;
        if (download != null && !download.isEmpty()) {
            DatasetDownloader downloader = new DatasetDownloader(dataDir, kaggleUrl, System.getenv(),
                    Path.of(System.getProperty("user.home")), KaggleClient.Options.defaults(), Clock.systemUTC());
            for (String key : download) {
                DatasetSpec dataset = registry.find(key).orElse(null);
                if (dataset == null) {
                    err.println("fer datasets: unknown dataset '" + key + "'");
                    exit = 2;
                    continue;
                }
                try {
                    DatasetDownloader.Result result = downloader.ensure(dataset, force);
                    out.println(key + ": " + (result.downloaded() ? "downloaded into " : "already present in ")
                            + result.folder());
                } catch (KaggleException | java.io.IOException e) {
                    err.println("fer datasets: " + key + ": " + e.getMessage());
                    exit = 1;
                }
            }
            if (!list) {
                return exit;
            }
        }
        out.print(table(registry, dataDir));
        return exit;
    }

    /**
     * The --list table: one row per dataset (key, title, Kaggle id and whether it was verified,
     * layout, labels, faces, split rule, status), then its origin and terms and how to get it.
     */
    public static String table(DatasetRegistry registry, Path dataDir) {
        StringBuilder text = new StringBuilder();
        String format = "%-13s %-24s %-68s %-40s %-36s %-14s %-27s %s%n";
        text.append(String.format(format, "KEY", "TITLE", "KAGGLE ID", "LAYOUT", "LABELS", "FACES", "SPLIT", "STATUS"));
        for (DatasetSpec dataset : registry.all()) {
            DatasetLayout layout = dataset.layout();
            String codes = "FER codes 0-6" + dataset.skippedLabels().entrySet().stream()
                    .map(e -> ", " + e.getKey() + "=" + e.getValue() + " skipped").reduce("", String::concat);
            String labels = layout == DatasetLayout.FER_CSV ? codes
                    : dataset.skippedLabels().isEmpty() ? dataset.labels().name() : codes + " / " + dataset.labels().name();
            DatasetSpec.Provenance provenance = dataset.provenance();
            String kaggle = dataset.kaggleId() == null ? "(not on Kaggle)"
                    : dataset.kaggleId() + (provenance != null && provenance.kaggleIdVerified() ? "" : " (unverified)");
            DatasetStatus status = DatasetStatus.of(dataDir, dataset.key());
            text.append(String.format(format, dataset.key(), dataset.title(), kaggle, layout.description(), labels,
                    layout.tightCrops() ? "tight crops" : "YuNet crop", layout.splitRule(), status.description()));
            if (provenance != null) {
                text.append("    origin: ").append(provenance.origin()).append("; terms: ").append(provenance.terms())
                        .append(System.lineSeparator());
            }
            if (!status.usable()) {
                text.append("    get it: ").append(dataset.kaggleId() == null ? dataset.manualHint()
                        : "fer datasets --download " + dataset.key() + " (Kaggle credentials), or download "
                                + dataset.webPage() + " by hand and pass --source PATH").append(System.lineSeparator());
            }
        }
        text.append("Data dir: ").append(dataDir.toAbsolutePath().normalize()).append(System.lineSeparator());
        return text.toString();
    }
}
