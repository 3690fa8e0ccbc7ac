package io.ferstream.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.ferstream.registry.StoreRecord.ConfigRecord;
import io.ferstream.registry.StoreRecord.DeleteSubjectRecord;
import io.ferstream.registry.StoreRecord.SchemaRecord;
import io.ferstream.registry.StoreRecord.SchemaValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state, rebuilt by applying the {@code _schemas} log in order: subjects with their versions, the
 * global schema ids, and compatibility configuration. No Kafka here; {@link #apply} is the only mutator.
 *
 * <p>All methods are thread-safe (one monitor); query results are immutable snapshots.
 */
final class SchemaStore {

    private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);

    /** One version of a subject. {@code canonical} is Avro's normalized form of {@code schema}. */
    record VersionEntry(String subject, int version, int id, String schema, String canonical, boolean deleted) {
    }

    /** A place where a schema id is used. */
    record SubjectVersion(String subject, int version) implements Comparable<SubjectVersion> {
        private static final Comparator<SubjectVersion> ORDER =
                Comparator.comparing(SubjectVersion::subject).thenComparingInt(SubjectVersion::version);

        @Override
        public int compareTo(SubjectVersion other) {
            return ORDER.compare(this, other);
        }
    }

    private static final class IdEntry {
        final String schema;
        final String canonical;
        final Set<SubjectVersion> usages = new TreeSet<>();

        IdEntry(String schema, String canonical) {
            this.schema = schema;
            this.canonical = canonical;
        }
    }

    private final Map<String, NavigableMap<Integer, VersionEntry>> subjects = new HashMap<>();
    private final Map<Integer, IdEntry> ids = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    /** Highest id ever seen by this store; never goes down, so ids are not reused after a delete. */
    private int maxId;

    /** Applies one log record. */
    synchronized void apply(StoreRecord record) {
        if (record instanceof SchemaRecord schema) {
            applySchema(schema);
        } else if (record instanceof ConfigRecord config) {
            applyConfig(config);
        } else if (record instanceof DeleteSubjectRecord delete) {
            applyDeleteSubject(delete);
        }
    }

    private void applySchema(SchemaRecord record) {
        NavigableMap<Integer, VersionEntry> versions = subjects.get(record.subject());
        VersionEntry previous = versions == null ? null : versions.get(record.version());
        if (previous != null) {
            releaseUsage(previous);
        }
        SchemaValue value = record.value();
        if (value == null) {
            if (versions != null) {
                versions.remove(record.version());
                if (versions.isEmpty()) {
                    subjects.remove(record.subject());
                }
            }
            return;
        }
        String canonical = AvroSchemas.canonicalOrRaw(value.schema());
        VersionEntry entry = new VersionEntry(record.subject(), record.version(), value.id(), value.schema(), canonical,
                value.deleted());
        subjects.computeIfAbsent(record.subject(), s -> new TreeMap<>()).put(record.version(), entry);
        IdEntry idEntry = ids.get(value.id());
        if (idEntry == null) {
            idEntry = new IdEntry(value.schema(), canonical);
            ids.put(value.id(), idEntry);
        } else if (!idEntry.canonical.equals(canonical)) {
            log.warn("Schema id {} is used for two different schemas (subject '{}' version {}); keeping the first."
                    + " Were two registries writing to the same topic at once?", value.id(), record.subject(),
                    record.version());
        }
        idEntry.usages.add(new SubjectVersion(record.subject(), record.version()));
        idByCanonical.putIfAbsent(canonical, value.id());
        maxId = Math.max(maxId, value.id());
    }

    private void releaseUsage(VersionEntry entry) {
        IdEntry idEntry = ids.get(entry.id());
        if (idEntry == null) {
            return;
        }
        idEntry.usages.remove(new SubjectVersion(entry.subject(), entry.version()));
        if (idEntry.usages.isEmpty()) {
            ids.remove(entry.id());
            idByCanonical.remove(idEntry.canonical, entry.id());
        }
    }

    private void applyConfig(ConfigRecord record) {
        if (record.subject() == null) {
            globalLevel = record.level();
        } else if (record.level() == null) {
            subjectLevels.remove(record.subject());
        } else {
            subjectLevels.put(record.subject(), record.level());
        }
    }

    private void applyDeleteSubject(DeleteSubjectRecord record) {
        NavigableMap<Integer, VersionEntry> versions = subjects.get(record.subject());
        if (versions == null) {
            return;
        }
        for (VersionEntry entry : new ArrayList<>(versions.headMap(record.version(), true).values())) {
            if (!entry.deleted()) {
                versions.put(entry.version(), new VersionEntry(entry.subject(), entry.version(), entry.id(),
                        entry.schema(), entry.canonical(), true));
            }
        }
    }

    /** Subject names, sorted; a subject counts when it has a version that passes the filter. */
    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(name);
            }
        });
        names.sort(Comparator.naturalOrder());
        return List.copyOf(names);
    }

    /** The versions of a subject, oldest first. */
    synchronized List<VersionEntry> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, VersionEntry> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    /** One version, soft-deleted or not. */
    synchronized Optional<VersionEntry> version(String subject, int version) {
        NavigableMap<Integer, VersionEntry> versions = subjects.get(subject);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    /** The highest version number a subject has in the log (soft-deleted included), 0 if none. */
    synchronized int maxVersion(String subject) {
        NavigableMap<Integer, VersionEntry> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    /**
     * The version of {@code subject} whose schema has this canonical form; a live version wins over a soft-deleted
     * one, a newer over an older.
     */
    synchronized Optional<VersionEntry> findByCanonical(String subject, String canonical, boolean includeDeleted) {
        NavigableMap<Integer, VersionEntry> versions = subjects.get(subject);
        if (versions == null) {
            return Optional.empty();
        }
        VersionEntry deletedMatch = null;
        for (VersionEntry entry : versions.descendingMap().values()) {
            if (entry.canonical().equals(canonical)) {
                if (!entry.deleted()) {
                    return Optional.of(entry);
                }
                if (deletedMatch == null) {
                    deletedMatch = entry;
                }
            }
        }
        return includeDeleted ? Optional.ofNullable(deletedMatch) : Optional.empty();
    }

    /** The id already given to a schema with this canonical form, under any subject. */
    synchronized OptionalInt idOf(String canonical) {
        Integer id = idByCanonical.get(canonical);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The schema text of an id, while some (possibly soft-deleted) version uses it. */
    synchronized Optional<String> schemaById(int id) {
        IdEntry entry = ids.get(id);
        return Optional.ofNullable(entry == null ? null : entry.schema);
    }

    /** Where an id is used, sorted by subject then version. */
    synchronized List<SubjectVersion> usagesOf(int id, boolean includeDeleted) {
        IdEntry entry = ids.get(id);
        if (entry == null) {
            return List.of();
        }
        List<SubjectVersion> result = new ArrayList<>();
        for (SubjectVersion usage : entry.usages) {
            VersionEntry version = subjects.get(usage.subject()).get(usage.version());
            if (includeDeleted || !version.deleted()) {
                result.add(usage);
            }
        }
        return List.copyOf(result);
    }

    /** The highest schema id seen so far (0 when none); the next new schema gets {@code maxId() + 1}. */
    synchronized int maxId() {
        return maxId;
    }

    synchronized Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }
}
