package io.ferstream.fetcher.source;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import javax.imageio.ImageIO;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import io.ferstream.fetcher.crop.FaceCrop;
import io.ferstream.fetcher.crop.FaceCropper;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.files.GrayImages;

/**
 * Reads the image files of a dataset folder as its layout lists them ({@link CatalogEntry}: file,
 * class, split rule, annotated face), by default the class-folder layout of Kaggle's
 * {@code msambare/fer2013} ({@code train|test/<class>/<Usage>_<id>.jpg}) and of most supplementary
 * sets ({@code [train|test/]<class>/*.jpg|png}).
 *
 * <ul>
 *   <li>Entries come in the catalog's order (sorted paths), so the order (and a resume) is deterministic.</li>
 *   <li>The class goes through the dataset's {@link LabelMap}; a skipped class (contempt), an unknown
 *       one or none at all (a file directly in the root) becomes a {@link Rejection}. The split is the
 *       entry's own, else its subject's ({@link SplitRules#bySubject}), else by content ({@link SplitRules#byContent}).</li>
 *   <li>Id {@code <dataset>:<id suffix>} (the relative path with '/' separators, e.g.
 *       {@code fer2013:train/angry/Training_10118481.jpg}); location {@code <root name>/<relative path>}.</li>
 *   <li>Decoded with {@link GrayImages}; a dataset of tight 48×48-style crops is resized to 48×48, any
 *       other has its face cut by the {@link FaceCropper} (no face → a {@code no-face} rejection). A
 *       zero-byte file or one no decoder reads is rejected with its bytes.</li>
 * </ul>
 */
public final class ImageFolderReader implements ImageSource {

    /** Larger files are not decoded (a face photo is far smaller; this guards the heap). */
    static final long MAX_IMAGE_BYTES = 64L * 1024 * 1024;

    private final Path root;
    private final String dataset;
    private final LabelMap labels;
    private final List<CatalogEntry> entries;
    private final Map<String, Split> subjectSplits;
    private final int ignoredFiles;
    private final FaceCropper cropper;
    private int next;
    private long facesCropped;

    /**
     * @param cropper cuts the face out of each image, or null when the images are already tight face crops;
     *                closed with this reader
     */
    public ImageFolderReader(Path root, String dataset, LabelMap labels, List<CatalogEntry> entries, int ignoredFiles,
                             FaceCropper cropper) {
        this.root = root;
        this.dataset = dataset;
        this.labels = labels;
        this.entries = List.copyOf(entries);
        this.subjectSplits = SplitRules.bySubject(this.entries.stream().map(CatalogEntry::subject)
                .filter(Objects::nonNull).toList());
        this.ignoredFiles = ignoredFiles;
        this.cropper = cropper;
    }

    /** The class-folder layout with tight crops, split by file prefix or folder, else TRAIN. */
    public static ImageFolderReader open(Path root, String dataset, LabelMap labels) throws IOException {
        FolderListing listing = FolderListing.of(root);
        return new ImageFolderReader(root, dataset, labels, DatasetCatalogs.classFolders(listing, Split.TRAIN),
                listing.ignored(), null);
    }

    /** Files under the root that are not image entries (hidden files, other extensions). */
    public int ignoredFiles() {
        return ignoredFiles;
    }

    @Override
    public String dataset() {
        return dataset;
    }

    @Override
    public String description() {
        return root.getFileName() == null ? root.toString() : root.getFileName().toString();
    }

    @Override
    public OptionalLong expectedEntries() {
        return OptionalLong.of(entries.size());
    }

    @Override
    public String summary() {
        return cropper == null ? "" : "faces cropped " + facesCropped + " (YuNet, FER2013 framing)";
    }

    @Override
    public SourceEntry next() throws IOException {
        if (next >= entries.size()) {
            return null;
        }
        CatalogEntry entry = entries.get(next++);
        String location = description() + "/" + entry.idSuffix();
        Path file = root.resolve(entry.file());
        if (!Files.isRegularFile(file)) {
            return new Rejection(RejectReason.MISSING_FILE, entry.classFrom() + " names " + entry.file()
                    + ", which is not in the dataset folder", location, null);
        }
        if (entry.className() == null) {
            return new Rejection(RejectReason.UNKNOWN_CLASS, "no " + entry.classFrom() + " for this file", location, read(file));
        }
        String classText = entry.classFrom() + " '" + entry.className() + "'";
        Emotion label;
        LabelMap.Resolution resolution = labels.resolve(entry.className());
        if (resolution instanceof LabelMap.Labeled labeled) {
            label = labeled.emotion();
        } else if (resolution instanceof LabelMap.Skipped skipped) {
            return new Rejection(RejectReason.SKIPPED_CLASS, classText + ": " + skipped.why(), location, read(file));
        } else {
            return new Rejection(RejectReason.UNKNOWN_CLASS, classText + " is not in the label map of " + dataset,
                    location, read(file));
        }
        Decoded decoded = decode(file, location);
        if (decoded.rejection() != null) {
            return decoded.rejection();
        }
        Split split = entry.split() != null ? entry.split()
                : entry.subject() != null ? subjectSplits.get(entry.subject()) : SplitRules.byContent(decoded.bytes());
        String id = dataset + ":" + entry.idSuffix();
        if (cropper == null) {
            return new ImageEntry(id, dataset, split, label, GrayImages.SIDE, GrayImages.SIDE, decoded.gray48(), location);
        }
        GrayImage whole = decoded.gray();
        FaceCrop crop = entry.annotated() == null ? cropper.crop(whole) : cropper.crop(whole, entry.annotated());
        if (crop instanceof FaceCrop.Cropped cropped) {
            facesCropped++;
            return new ImageEntry(id, dataset, split, label, GrayImages.SIDE, GrayImages.SIDE, cropped.face().pixels(), location);
        }
        return new Rejection(RejectReason.NO_FACE, ((FaceCrop.NoFace) crop).detail(), location, decoded.bytes());
    }

    /**
     * Reads one image file into a 48×48 entry, or a rejection when it is empty or cannot be decoded.
     * For the single-file source.
     */
    static SourceEntry decode(String id, String dataset, Split split, Emotion label, Path file, String location)
            throws IOException {
        Decoded decoded = decode(file, location);
        return decoded.rejection() != null ? decoded.rejection()
                : new ImageEntry(id, dataset, split, label, GrayImages.SIDE, GrayImages.SIDE, decoded.gray48(), location);
    }

    /** A decoded file with its bytes, or the rejection saying why it is none. */
    private record Decoded(byte[] bytes, GrayImage gray, Rejection rejection) {

        byte[] gray48() {
            return GrayImages.resize(gray.pixels(), gray.width(), gray.height(), GrayImages.SIDE, GrayImages.SIDE);
        }
    }

    private static Decoded decode(Path file, String location) throws IOException {
        long size = Files.size(file);
        if (size > MAX_IMAGE_BYTES) {
            return new Decoded(null, null, new Rejection(RejectReason.UNREADABLE_IMAGE, "file of " + size
                    + " bytes is larger than the " + MAX_IMAGE_BYTES + "-byte limit for one image", location, read(file)));
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            return new Decoded(bytes, null, new Rejection(RejectReason.EMPTY_FILE, "zero-byte file", location, bytes));
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return new Decoded(bytes, null, new Rejection(RejectReason.UNREADABLE_IMAGE, "cannot decode: " + e.getMessage(),
                    location, bytes));
        }
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
            return new Decoded(bytes, null, new Rejection(RejectReason.UNREADABLE_IMAGE,
                    "no decoder recognises it (not a JPEG, PNG, BMP, GIF or TIFF image)", location, bytes));
        }
        try {
            return new Decoded(bytes, GrayImage.of(image.getWidth(), image.getHeight(), GrayImages.toGray(image)), null);
        } catch (RuntimeException e) {
            return new Decoded(bytes, null, new Rejection(RejectReason.UNREADABLE_IMAGE, "cannot convert " + image.getWidth()
                    + "x" + image.getHeight() + " image: " + e.getMessage(), location, bytes));
        }
    }

    private static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Rejection.MAX_ORIGINAL_BYTES) {
            try (var in = Files.newInputStream(file)) {
                return in.readNBytes(Rejection.MAX_ORIGINAL_BYTES + 1);
            }
        }
        return Files.readAllBytes(file);
    }

    @Override
    public long skip(long n) {
        long skipped = Math.min(n, entries.size() - next);
        next += (int) skipped;
        return skipped;
    }

    @Override
    public void close() {
        if (cropper != null) {
            cropper.close();
        }
    }
}
