package io.ferstream.fetcher.datasets;

/**
 * How a dataset's files are laid out once downloaded and unzipped: one value per real format. Each
 * says whether its images are already tight FER-like face crops (read as they are, resized to 48×48)
 * or need the face found and cut with FER2013's framing, and where the split comes from. A folder
 * holding no images but one FER CSV is read as that CSV whatever the layout.
 */
public enum DatasetLayout {
    /** A FER2013-format CSV ({@code emotion}, {@code pixels}, optional {@code Usage}) somewhere in the folder. */
    FER_CSV("CSV emotion,pixels[,Usage]", true, "Usage column"),
    /** {@code train|test/<class>/<Usage>_<id>.jpg}: Kaggle's msambare copy of FER2013. */
    MSAMBARE_FOLDERS("train|test/<class>/*.jpg", true, "Usage file prefix"),
    /** Images under class-named folders, optionally below {@code train|val|test/}; faces are cut out. */
    CLASS_FOLDERS("[split/]<class>/*.jpg|png", false, "split folder, else content hash"),
    /** CK+ as a FER CSV with Usage, or as 48×48 crops {@code <class>/S005_001_00000011.png}. */
    CK_PLUS("FER CSV, or <class>/S<subject>_*.png", true, "CSV Usage, else by subject"),
    /** RAF-DB basic: {@code list_patition_label.txt} + {@code Image/aligned|original/}, or RAF-code folders. */
    RAF_DB("list_patition_label.txt + Image/, or <1-7>/", false, "train_/test_ file names"),
    /** JAFFE: {@code KA.AN1.39.tiff} in one folder. */
    JAFFE_FILES("<poser>.<code><n>.<id>.tiff", false, "by subject (poser)"),
    /** KDEF: {@code AF01/AF01ANS.JPG}. */
    KDEF_FILES("<AF01>/<AF01><code><angle>.JPG", false, "by subject (sex+id)"),
    /** ExpW: {@code label/label.lst} with a face box per line, images under {@code image/origin/}. */
    EXPW_LABELS("label/label.lst + image/origin/", false, "content hash of the image");

    private final String description;
    private final boolean tightCrops;
    private final String splitRule;

    DatasetLayout(String description, boolean tightCrops, String splitRule) {
        this.description = description;
        this.tightCrops = tightCrops;
        this.splitRule = splitRule;
    }

    public String description() {
        return description;
    }

    /** Whether the images are already FER-like face crops; otherwise each face is found and cut out. */
    public boolean tightCrops() {
        return tightCrops;
    }

    /** Where the split comes from, for listings. */
    public String splitRule() {
        return splitRule;
    }
}
