package io.ferstream.fetcher.source;

import java.util.Objects;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;

/**
 * One image read from a source, already 8-bit grayscale, row-major, {@code width*height} bytes.
 * The publisher adds the run id and ingest time to make it a {@code FaceImage}.
 *
 * @param id       stable id, {@code <dataset>:<row>} for CSV rows, {@code <dataset>:<relative path>} for files
 * @param label    FER label, or null when the source does not tell
 * @param location file/row, becomes {@code FaceImage.source}
 */
public record ImageEntry(String id, String dataset, Split split, Emotion label, int width, int height,
                         byte[] pixels, String location) implements SourceEntry {

    public ImageEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(location, "location");
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("pixels must hold width*height bytes: " + width + "x" + height
                    + " vs " + pixels.length);
        }
    }
}
