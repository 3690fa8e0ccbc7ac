package io.ferstream.fetcher.datasets;

/** How a dataset's files are laid out once downloaded and unzipped. */
public enum DatasetLayout {
    /** A FER2013-format CSV ({@code emotion}, {@code pixels}, optional {@code Usage}) somewhere in the folder. */
    FER_CSV("CSV emotion,pixels[,Usage]"),
    /** {@code train|test/<class>/<Usage>_<id>.jpg}: Kaggle's msambare copy of FER2013. */
    MSAMBARE_FOLDERS("train|test/<class>/*.jpg"),
    /** Images under class-named folders, optionally below {@code train|val|test/}. */
    CLASS_FOLDERS("[split/]<class>/*.jpg|png");

    private final String description;

    DatasetLayout(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
