package io.ferstream.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.events.ModelRelease;

/**
 * The latest release of each model on the compacted {@code fer.models} topic, as {@code /api/models} lists
 * them: a newer {@code releasedAt} replaces an older one, a tombstone removes the name. Bounded to
 * {@link #MAX_MODELS} names (the oldest release goes first). Thread-safe.
 */
final class ModelCatalog {

    static final int MAX_MODELS = 1000;

    private final Map<String, ModelRelease> latest = new LinkedHashMap<>();

    synchronized void accept(String name, ModelRelease release) {
        if (release == null) {
            latest.remove(name);
            return;
        }
        ModelRelease known = latest.get(release.getName());
        if (known == null || !known.getReleasedAt().isAfter(release.getReleasedAt())) {
            latest.put(release.getName(), release);
        }
        if (latest.size() > MAX_MODELS) {
            latest.values().stream().min(Comparator.comparing(ModelRelease::getReleasedAt))
                    .ifPresent(oldest -> latest.remove(oldest.getName()));
        }
    }

    /** Newest first. */
    synchronized List<ModelRelease> releases() {
        List<ModelRelease> all = new ArrayList<>(latest.values());
        all.sort(Comparator.comparing(ModelRelease::getReleasedAt).reversed());
        return all;
    }
}
