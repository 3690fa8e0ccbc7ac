package io.ferstream.fetcher.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.ferstream.events.Split;
import io.ferstream.vision.FaceBox;

/**
 * What each dataset layout holds: its images with class, split rule and annotated face, as
 * {@link CatalogEntry catalog entries} in a deterministic order. One method per real format; the
 * formats are described from the datasets' documentation as known, unverified against the archives
 * (fetcher README).
 */
public final class DatasetCatalogs {

    /** CK+ file names start with the subject, {@code S005_001_00000011.png}. */
    private static final Pattern CK_PLUS_SUBJECT = Pattern.compile("^(S\\d+)_", Pattern.CASE_INSENSITIVE);
    /** JAFFE: {@code KA.AN1.39.tiff}: poser's initials, expression code and repeat, image number. */
    private static final Pattern JAFFE_NAME = Pattern.compile("^([A-Z]{2})\\.([A-Z]{2})\\d*\\.\\d+\\.", Pattern.CASE_INSENSITIVE);
    /** KDEF: {@code AF01ANS.JPG}: session A/B, sex F/M, person 01-35, expression, angle (S, HL, HR, FL, FR). */
    private static final Pattern KDEF_NAME = Pattern.compile("^[AB]([FM]\\d{2})([A-Z]{2})(S|HL|HR|FL|FR)\\.", Pattern.CASE_INSENSITIVE);
    private static final String RAF_LIST = "list_patition_label.txt";
    private static final String EXPW_LIST = "label.lst";

    private DatasetCatalogs() {
    }

    /**
     * {@code [split/]<class>/<file>}: the class is the parent folder; the split is FER's file prefix or
     * the nearest split folder ({@link SplitRules#declared}), else {@code otherwise} (null = by content hash).
     */
    public static List<CatalogEntry> classFolders(FolderListing listing, Split otherwise) {
        List<CatalogEntry> entries = new ArrayList<>();
        for (String file : listing.images()) {
            List<String> folders = FolderListing.folders(file);
            Split split = SplitRules.declared(folders, FolderListing.fileName(file));
            entries.add(CatalogEntry.of(file, folders.isEmpty() ? null : folders.get(folders.size() - 1), "class folder",
                    split != null ? split : otherwise, null));
        }
        return entries;
    }

    /** CK+ as 48×48 crops in class folders ({@code CK+48/<class>/S005_001_00000011.png}): split by subject. */
    public static List<CatalogEntry> ckPlusFolders(FolderListing listing) {
        List<CatalogEntry> entries = new ArrayList<>();
        for (CatalogEntry entry : classFolders(listing, null)) {
            Matcher subject = CK_PLUS_SUBJECT.matcher(FolderListing.fileName(entry.file()));
            entries.add(CatalogEntry.of(entry.file(), entry.className(), entry.classFrom(), entry.split(),
                    subject.find() ? subject.group(1).toUpperCase(Locale.ROOT) : null));
        }
        return entries;
    }

    /** JAFFE's flat folder of {@code KA.AN1.39.tiff}: class from the code, split by poser (split folders win). */
    public static List<CatalogEntry> jaffe(FolderListing listing) {
        return fileNameCodes(listing, JAFFE_NAME, 1, 2);
    }

    /** KDEF's {@code <session><sex><id>/<...><expression><angle>.JPG}: class from the code, split by person (sex + id; split folders win). */
    public static List<CatalogEntry> kdef(FolderListing listing) {
        return fileNameCodes(listing, KDEF_NAME, 1, 2);
    }

    /** A file not named by the dataset's scheme keeps its class folder (a copy sorted by hand), split by content. */
    private static List<CatalogEntry> fileNameCodes(FolderListing listing, Pattern name, int subjectGroup, int classGroup) {
        List<CatalogEntry> entries = new ArrayList<>();
        for (CatalogEntry byFolder : classFolders(listing, null)) {
            Matcher m = name.matcher(FolderListing.fileName(byFolder.file()));
            entries.add(m.find()
                    ? CatalogEntry.of(byFolder.file(), m.group(classGroup), "file-name code", byFolder.split(),
                            m.group(subjectGroup).toUpperCase(Locale.ROOT))
                    : byFolder);
        }
        return entries;
    }

    /**
     * RAF-DB basic: {@code EmoLabel/list_patition_label.txt} lines {@code train_00001.jpg 5} (RAF codes
     * 1-7) with the images under {@code Image/aligned/} ({@code train_00001_aligned.jpg}, preferred) or
     * {@code Image/original/}; split by the {@code train_}/{@code test_} name. Without the list (the
     * Kaggle copy): class folders named by RAF code, split by folder or name.
     */
    public static List<CatalogEntry> rafDb(Path root, FolderListing listing) throws IOException {
        Optional<Path> list = find(root, RAF_LIST);
        if (list.isEmpty()) {
            List<CatalogEntry> entries = new ArrayList<>();
            for (CatalogEntry entry : classFolders(listing, null)) {
                entries.add(entry.split() != null ? entry : CatalogEntry.of(entry.file(), entry.className(),
                        entry.classFrom(), rafSplit(FolderListing.fileName(entry.file())), null));
            }
            return entries;
        }
        Map<String, String> byName = byFileName(listing);
        List<CatalogEntry> entries = new ArrayList<>();
        for (String[] fields : lines(list.get())) {
            String name = fields[0];
            int dot = name.lastIndexOf('.');
            String aligned = dot < 0 ? name : name.substring(0, dot) + "_aligned" + name.substring(dot);
            String file = byName.getOrDefault(aligned, byName.getOrDefault(name, name));
            entries.add(CatalogEntry.of(file, fields.length > 1 ? fields[1] : null, RAF_LIST, rafSplit(name), null));
        }
        return entries;
    }

    private static Split rafSplit(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.startsWith("test_") ? Split.TEST : name.startsWith("train_") ? Split.TRAIN : null;
    }

    /**
     * ExpW: {@code label/label.lst} lines {@code <image> <face id> <top> <left> <right> <bottom>
     * <confidence> <label 0-6>}, one per face, images under {@code image/origin/}; one entry per face
     * (id {@code <image>#face=<id>}), cut around the detection that overlaps the annotated box. No
     * subjects or split: by the image file's content hash, so faces of one image share a split.
     */
    public static List<CatalogEntry> expw(Path root, FolderListing listing) throws IOException {
        Path list = find(root, EXPW_LIST).orElseThrow(() -> new IOException(root + " holds no " + EXPW_LIST
                + " (ExpW's label/label.lst)"));
        Map<String, String> byName = byFileName(listing);
        List<CatalogEntry> entries = new ArrayList<>();
        for (String[] f : lines(list)) {
            String file = byName.getOrDefault(f[0], f[0]);
            String id = file + "#face=" + (f.length > 1 ? f[1] : "?");
            FaceBox box = f.length == 8 ? box(f[2], f[3], f[4], f[5]) : null;
            // a line without a usable box cannot say which face it labels: no class, so it is rejected
            entries.add(new CatalogEntry(file, id, box == null ? null : f[7], EXPW_LIST, null, null, box));
        }
        return entries;
    }

    private static FaceBox box(String top, String left, String right, String bottom) {
        try {
            int x = Integer.parseInt(left);
            int y = Integer.parseInt(top);
            int w = Integer.parseInt(right) - x;
            int h = Integer.parseInt(bottom) - y;
            return w > 0 && h > 0 ? new FaceBox(x, y, w, h) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The first file so named, up to 3 folders down. */
    private static Optional<Path> find(Path root, String name) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 3)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().equals(name)).sorted().findFirst();
        }
    }

    /** The listed images by file name (the first in path order when a name repeats). */
    private static Map<String, String> byFileName(FolderListing listing) {
        Map<String, String> byName = new HashMap<>();
        for (String file : listing.images()) {
            byName.putIfAbsent(FolderListing.fileName(file), file);
        }
        return byName;
    }

    /** The non-blank lines of a whitespace-separated annotation file, split into fields. */
    private static List<String[]> lines(Path file) throws IOException {
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line.strip().split("\\s+"));
                }
            }
        }
        return lines;
    }
}
