package io.ferstream.fetcher.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The image files below a dataset folder, as '/'-separated relative paths in sorted order (so a
 * source's order, and a resume, is deterministic). Hidden files and files without an image extension
 * are not images; they are counted in {@link #ignored()}.
 */
public record FolderListing(List<String> images, int ignored) {

    /** File name extensions taken as images (the content decides whether they decode). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff");

    public FolderListing {
        images = List.copyOf(images);
    }

    public static FolderListing of(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a folder");
        }
        List<String> images = new ArrayList<>();
        int ignored = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                Path relative = root.relativize(file);
                if (isImageFile(file) && !isHidden(relative)) {
                    images.add(slashed(relative));
                } else {
                    ignored++;
                }
            }
        }
        images.sort(null);
        return new FolderListing(images, ignored);
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

    /** The folders of a listed path, from the root down to the file's parent. */
    public static List<String> folders(String path) {
        String[] parts = path.split("/");
        return List.of(parts).subList(0, parts.length - 1);
    }

    /** The file name of a listed path. */
    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
