package io.ferstream.fetcher.source;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import io.ferstream.vision.files.GrayImages;

/**
 * Reads a folder of labelled images, as Kaggle's {@code msambare/fer2013} ships them
 * ({@code train|test/<class>/<Usage>_<id>.jpg}) and as most supplementary sets do
 * ({@code [train|test/]<class>/*.jpg|png}).
 *
 * <ul>
 *   <li>Files are read in sorted relative-path order, so the order (and a resume) is deterministic.
 *       Hidden files and files without an image extension are not entries (they are counted in
 *       {@link #ignoredFiles()}).</li>
 *   <li>The class is the file's parent folder, through the dataset's {@link LabelMap}; a skipped
 *       class (contempt) or an unknown one becomes a {@link Rejection}, as does a file directly in the
 *       root (no class folder). The split follows {@link SplitRules}.</li>
 *   <li>Id {@code <dataset>:<relative path>} with '/' separators, e.g.
 *       {@code fer2013:train/angry/Training_10118481.jpg}; location {@code <root name>/<relative path>}.</li>
 *   <li>Every image becomes 48x48 gray via {@link GrayImages}; a zero-byte file or one no decoder
 *       reads is rejected with its bytes.</li>
 * </ul>
 */
public final class ImageFolderReader implements ImageSource {

    /** File name extensions taken as images (the content decides whether they decode). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff");
    /** Larger files are not decoded (a face photo is far smaller; this guards the heap). */
    static final long MAX_IMAGE_BYTES = 64L * 1024 * 1024;

    private final Path root;
    private final String dataset;
    private final LabelMap labels;
    private final List<Path> files;
    private final int ignoredFiles;
    private int next;

    private ImageFolderReader(Path root, String dataset, LabelMap labels, List<Path> files, int ignoredFiles) {
        this.root = root;
        this.dataset = dataset;
        this.labels = labels;
        this.files = files;
        this.ignoredFiles = ignoredFiles;
    }

    /** Lists the folder's image files (recursively); decoding happens entry by entry. */
    public static ImageFolderReader open(Path root, String dataset, LabelMap labels) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a folder");
        }
        List<Path> images = new ArrayList<>();
        int ignored = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                if (isImageFile(file) && !isHidden(root.relativize(file))) {
                    images.add(root.relativize(file));
                } else {
                    ignored++;
                }
            }
        }
        images.sort((a, b) -> slashed(a).compareTo(slashed(b)));
        return new ImageFolderReader(root, dataset, labels, images, ignored);
    }

    /** Whether the folder holds at least one image file (at any depth). */
    public static boolean containsImages(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.anyMatch(f -> Files.isRegularFile(f) && isImageFile(f) && !isHidden(root.relativize(f)));
        }
    }

    static boolean isImageFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String slashed(Path relative) {
        StringBuilder text = new StringBuilder();
        for (Path part : relative) {
            if (text.length() > 0) {
                text.append('/');
            }
            text.append(part);
        }
        return text.toString();
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
        return OptionalLong.of(files.size());
    }

    @Override
    public SourceEntry next() throws IOException {
        if (next >= files.size()) {
            return null;
        }
        Path relative = files.get(next++);
        String path = slashed(relative);
        String location = description() + "/" + path;
        List<String> folders = new ArrayList<>();
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            folders.add(relative.getName(i).toString());
        }
        String fileName = relative.getFileName().toString();
        Path file = root.resolve(relative);
        Emotion label;
        if (folders.isEmpty()) {
            return new Rejection(RejectReason.UNKNOWN_CLASS, "file is not inside a class folder", location, read(file));
        }
        String classFolder = folders.get(folders.size() - 1);
        LabelMap.Resolution resolution = labels.resolve(classFolder);
        if (resolution instanceof LabelMap.Labeled labeled) {
            label = labeled.emotion();
        } else if (resolution instanceof LabelMap.Skipped skipped) {
            return new Rejection(RejectReason.SKIPPED_CLASS, "class folder '" + classFolder + "': " + skipped.why(),
                    location, read(file));
        } else {
            return new Rejection(RejectReason.UNKNOWN_CLASS, "class folder '" + classFolder
                    + "' is not in the label map of " + dataset, location, read(file));
        }
        Split split = SplitRules.of(folders, fileName);
        return decode(dataset + ":" + path, dataset, split, label, file, location);
    }

    /**
     * Reads one image file into an entry, or a rejection when it is empty or cannot be decoded.
     * Shared with the single-file source.
     */
    static SourceEntry decode(String id, String dataset, Split split, Emotion label, Path file, String location)
            throws IOException {
        long size = Files.size(file);
        if (size > MAX_IMAGE_BYTES) {
            return new Rejection(RejectReason.UNREADABLE_IMAGE, "file of " + size + " bytes is larger than the "
                    + MAX_IMAGE_BYTES + "-byte limit for one image", location, read(file));
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            return new Rejection(RejectReason.EMPTY_FILE, "zero-byte file", location, bytes);
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return new Rejection(RejectReason.UNREADABLE_IMAGE, "cannot decode: " + e.getMessage(), location, bytes);
        }
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
            return new Rejection(RejectReason.UNREADABLE_IMAGE,
                    "no decoder recognises it (not a JPEG, PNG, BMP, GIF or TIFF image)", location, bytes);
        }
        byte[] pixels;
        try {
            pixels = GrayImages.toGray48(image);
        } catch (RuntimeException e) {
            return new Rejection(RejectReason.UNREADABLE_IMAGE, "cannot convert " + image.getWidth() + "x"
                    + image.getHeight() + " image: " + e.getMessage(), location, bytes);
        }
        return new ImageEntry(id, dataset, split, label, GrayImages.SIDE, GrayImages.SIDE, pixels, location);
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
        long skipped = Math.min(n, files.size() - next);
        next += (int) skipped;
        return skipped;
    }

    @Override
    public void close() {
        // Nothing held open between entries.
    }
}
