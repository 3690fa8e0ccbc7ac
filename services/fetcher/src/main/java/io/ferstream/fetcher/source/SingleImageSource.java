package io.ferstream.fetcher.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;

/**
 * One uploaded image file (JPEG, PNG, BMP, GIF): split LIVE, label optional (null when not given).
 * Id {@code <dataset>:<file name>}.
 */
public final class SingleImageSource implements ImageSource {

    private final Path file;
    private final String dataset;
    private final Emotion label;
    private boolean done;

    public SingleImageSource(Path file, String dataset, Emotion label) {
        this.file = file;
        this.dataset = dataset;
        this.label = label;
    }

    @Override
    public String dataset() {
        return dataset;
    }

    @Override
    public String description() {
        return file.getFileName().toString();
    }

    @Override
    public OptionalLong expectedEntries() {
        return OptionalLong.of(1);
    }

    @Override
    public SourceEntry next() throws IOException {
        if (done) {
            return null;
        }
        done = true;
        String name = file.getFileName().toString();
        return ImageFolderReader.decode(dataset + ":" + name, dataset, Split.LIVE, label, file, name);
    }

    @Override
    public void close() {
    }
}
