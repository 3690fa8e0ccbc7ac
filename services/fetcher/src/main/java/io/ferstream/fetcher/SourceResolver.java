package io.ferstream.fetcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.ferstream.events.Split;
import io.ferstream.fetcher.crop.FaceCropper;
import io.ferstream.fetcher.datasets.DatasetSpec;
import io.ferstream.fetcher.source.CatalogEntry;
import io.ferstream.fetcher.source.DatasetCatalogs;
import io.ferstream.fetcher.source.FolderListing;
import io.ferstream.fetcher.source.Fer2013CsvReader;
import io.ferstream.fetcher.source.ImageFolderReader;
import io.ferstream.fetcher.source.ImageSource;
import io.ferstream.fetcher.source.LabelMap;
import io.ferstream.fetcher.source.SingleImageSource;
import io.ferstream.vision.files.InputFormats;

/**
 * Picks the reader for a path by content, not by name:
 * <ul>
 *   <li>a file starting like an image (JPEG, PNG, GIF, BMP) → one uploaded image (split LIVE,
 *       unlabelled, dataset {@code upload});</li>
 *   <li>any other file → a FER CSV (plain, gzip or zip), dataset {@code fer2013} unless named;</li>
 *   <li>a folder holding images → the image-folder reader over the registered dataset's layout
 *       ({@link DatasetCatalogs}; faces cut out unless the layout holds tight crops), or over class
 *       folders for a plain path (dataset = the folder's name);</li>
 *   <li>a folder without images but with exactly one FER CSV (up to 3 levels down) → that CSV, e.g.
 *       a Kaggle archive of the challenge CSV, or {@code shared/data/fer2013}.</li>
 * </ul>
 */
public final class SourceResolver {

    private SourceResolver() {
    }

    /** @param spec the registered dataset it is, or null for a plain path */
    public static ImageSource open(Path path, DatasetSpec spec) throws IOException {
        LabelMap labels = spec == null ? LabelMap.standard() : spec.labels();
        Map<Integer, String> skippedLabels = spec == null ? Map.of() : spec.skippedLabels();
        if (Files.isRegularFile(path)) {
            InputFormats.Kind kind = InputFormats.sniff(path);
            if (kind == InputFormats.Kind.EMPTY) {
                throw new IOException(path + " is empty");
            }
            if (InputFormats.isImage(kind)) {
                return new SingleImageSource(path, spec == null ? "upload" : spec.key(), null);
            }
            return Fer2013CsvReader.open(path, spec == null ? "fer2013" : spec.key(), skippedLabels);
        }
        if (!Files.isDirectory(path)) {
            throw new IOException(path + " is neither a file nor a folder");
        }
        String dataset = spec == null ? datasetName(path) : spec.key();
        if (FolderListing.containsImages(path)) {
            return spec == null ? ImageFolderReader.open(path, dataset, labels) : openLayout(path, spec);
        }
        List<Path> csvs;
        try (Stream<Path> walk = Files.walk(path, 3)) {
            csvs = walk.filter(Files::isRegularFile).filter(Fer2013CsvReader::isFerCsv).sorted().toList();
        }
        if (csvs.size() == 1) {
            return Fer2013CsvReader.open(csvs.get(0), dataset, skippedLabels);
        }
        if (csvs.isEmpty()) {
            throw new IOException(path + " holds no images and no FER CSV (emotion,pixels[,Usage])");
        }
        throw new IOException(path + " holds several FER CSVs " + csvs.stream().map(path::relativize).toList()
                + "; pass one of them with --source");
    }

    /**
     * A registered dataset's image folder, read as its layout says; the faces of any layout that is not
     * tight crops are cut by the shipped YuNet (loaded once per source, closed with it).
     */
    private static ImageSource openLayout(Path root, DatasetSpec spec) throws IOException {
        FolderListing listing = FolderListing.of(root);
        List<CatalogEntry> entries = switch (spec.layout()) {
            case FER_CSV, MSAMBARE_FOLDERS -> DatasetCatalogs.classFolders(listing, Split.TRAIN);
            case CLASS_FOLDERS -> DatasetCatalogs.classFolders(listing, null);
            case CK_PLUS -> DatasetCatalogs.ckPlusFolders(listing);
            case RAF_DB -> DatasetCatalogs.rafDb(root, listing);
            case JAFFE_FILES -> DatasetCatalogs.jaffe(listing);
            case KDEF_FILES -> DatasetCatalogs.kdef(listing);
            case EXPW_LABELS -> DatasetCatalogs.expw(root, listing);
        };
        FaceCropper cropper = spec.layout().tightCrops() ? null : FaceCropper.shippedYuNet();
        return new ImageFolderReader(root, spec.key(), spec.labels(), entries, listing.ignored(), cropper);
    }

    /** A folder name as a dataset key: lower case, other characters as '_'. */
    static String datasetName(Path folder) {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        String text = name == null ? "images" : name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        return text.isEmpty() ? "images" : text;
    }
}
