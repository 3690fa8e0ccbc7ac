package io.ferstream.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.ferstream.registry.SchemaStore.SubjectVersion;
import io.ferstream.registry.SchemaStore.VersionEntry;
import io.ferstream.registry.StoreRecord.ConfigRecord;
import io.ferstream.registry.StoreRecord.SchemaRecord;
import io.ferstream.registry.StoreRecord.SchemaValue;
import org.apache.avro.Schema;

/**
 * The registry's operations, with Confluent's semantics and error codes. Reads go straight to the
 * {@link SchemaStore}; writes are serialized through one lock, decided against a caught-up store, appended to the
 * {@link SchemaLog} and only answered once applied.
 */
final class RegistryService {

    /** Version spec meaning "the latest version". */
    static final int LATEST = -1;

    private final SchemaStore store;
    private final SchemaLog schemaLog;
    private final Object writeLock = new Object();
    private final Map<String, Schema> parsedByCanonical = new ConcurrentHashMap<>();

    RegistryService(SchemaStore store, SchemaLog schemaLog) {
        this.store = store;
        this.schemaLog = schemaLog;
    }

    // ---------------------------------------------------------------- schemas under subjects

    /**
     * Registers a schema under a subject and returns its global id. An already registered schema (same canonical
     * form, live version) returns its id without a new version; a schema known under another subject keeps its id.
     */
    int register(String subject, String schemaText) {
        Schema schema = AvroSchemas.parse(schemaText);
        String canonical = AvroSchemas.canonical(schema);
        Optional<VersionEntry> existing = store.findByCanonical(subject, canonical, false);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        return write(() -> {
            Optional<VersionEntry> again = store.findByCanonical(subject, canonical, false);
            if (again.isPresent()) {
                return again.get().id();
            }
            List<String> problems = CompatibilityChecker.check(effectiveLevel(subject), schema,
                    previous(store.versions(subject, false)));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible("Schema being registered is incompatible with an earlier schema"
                        + " for subject '" + subject + "': " + String.join("; ", problems));
            }
            OptionalInt known = store.idOf(canonical);
            int id = known.isPresent() ? known.getAsInt() : store.maxId() + 1;
            int version = store.maxVersion(subject) + 1;
            schemaLog.append(List.of(new SchemaRecord(subject, version, new SchemaValue(id, canonical, false))));
            VersionEntry written = store.version(subject, version).orElse(null);
            if (written == null || written.id() != id) {
                throw RegistryException.storeError("Registering under subject '" + subject + "' raced with another"
                        + " registry writing to the same topic; retry", null);
            }
            return id;
        });
    }

    /** Finds the version of {@code subject} that has this schema. */
    VersionEntry lookup(String subject, String schemaText, boolean includeDeleted) {
        String canonical = AvroSchemas.canonical(AvroSchemas.parse(schemaText));
        if (store.versions(subject, includeDeleted).isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return store.findByCanonical(subject, canonical, includeDeleted)
                .orElseThrow(RegistryException::schemaNotFound);
    }

    List<String> subjects(boolean includeDeleted, String prefix) {
        List<String> all = store.subjects(includeDeleted);
        if (prefix == null || prefix.isEmpty()) {
            return all;
        }
        return all.stream().filter(s -> s.startsWith(prefix)).toList();
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        List<VersionEntry> versions = store.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(VersionEntry::version).toList();
    }

    /** One version; {@code versionSpec} is a positive number, {@code -1} or {@code latest}. */
    VersionEntry version(String subject, String versionSpec, boolean includeDeleted) {
        int wanted = parseVersion(versionSpec);
        List<VersionEntry> versions = store.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (wanted == LATEST) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == wanted).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(wanted));
    }

    /** The latest live version of each subject, or every version; sorted by subject then version. */
    List<VersionEntry> schemas(String prefix, boolean includeDeleted, boolean latestOnly) {
        List<VersionEntry> result = new ArrayList<>();
        for (String subject : subjects(includeDeleted, prefix)) {
            List<VersionEntry> versions = store.versions(subject, includeDeleted);
            if (latestOnly) {
                result.add(versions.get(versions.size() - 1));
            } else {
                result.addAll(versions);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- deletes

    /**
     * Soft-deletes every live version of a subject, or (permanent) removes a soft-deleted subject for good.
     *
     * @return the version numbers deleted
     */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        return write(() -> {
            List<VersionEntry> all = store.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<StoreRecord> records = new ArrayList<>();
            List<Integer> deleted = new ArrayList<>();
            if (permanent) {
                if (all.stream().anyMatch(v -> !v.deleted())) {
                    throw RegistryException.subjectNotSoftDeleted(subject);
                }
                for (VersionEntry entry : all) {
                    records.add(new SchemaRecord(subject, entry.version(), null));
                    deleted.add(entry.version());
                }
                if (store.subjectLevel(subject).isPresent()) {
                    records.add(new ConfigRecord(subject, null));
                }
            } else {
                for (VersionEntry entry : all) {
                    if (!entry.deleted()) {
                        records.add(softDeleted(entry));
                        deleted.add(entry.version());
                    }
                }
                if (deleted.isEmpty()) {
                    throw RegistryException.subjectSoftDeleted(subject);
                }
            }
            schemaLog.append(records);
            return List.copyOf(deleted);
        });
    }

    /** Soft-deletes one version, or (permanent) removes a soft-deleted version for good; returns its number. */
    int deleteVersion(String subject, String versionSpec, boolean permanent) {
        int wanted = parseVersion(versionSpec);
        return write(() -> {
            List<VersionEntry> all = store.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            VersionEntry entry;
            if (wanted == LATEST) {
                List<VersionEntry> candidates = permanent ? all : store.versions(subject, false);
                if (candidates.isEmpty()) {
                    throw RegistryException.subjectNotFound(subject);
                }
                entry = candidates.get(candidates.size() - 1);
            } else {
                entry = all.stream().filter(v -> v.version() == wanted).findFirst()
                        .orElseThrow(() -> RegistryException.versionNotFound(wanted));
            }
            if (permanent) {
                if (!entry.deleted()) {
                    throw RegistryException.versionNotSoftDeleted(subject, entry.version());
                }
                schemaLog.append(List.of(new SchemaRecord(subject, entry.version(), null)));
            } else {
                if (entry.deleted()) {
                    throw RegistryException.versionSoftDeleted(subject, entry.version());
                }
                schemaLog.append(List.of(softDeleted(entry)));
            }
            return entry.version();
        });
    }

    private static SchemaRecord softDeleted(VersionEntry entry) {
        return new SchemaRecord(entry.subject(), entry.version(), new SchemaValue(entry.id(), entry.schema(), true));
    }

    // ---------------------------------------------------------------- schemas by id

    String schemaById(int id) {
        return store.schemaById(id).orElseThrow(() -> RegistryException.schemaIdNotFound(Integer.toString(id)));
    }

    List<SubjectVersion> usagesOf(int id, boolean includeDeleted) {
        schemaById(id);
        return store.usagesOf(id, includeDeleted);
    }

    List<String> subjectsOf(int id, boolean includeDeleted) {
        return usagesOf(id, includeDeleted).stream().map(SubjectVersion::subject).distinct().toList();
    }

    int maxId() {
        return store.maxId();
    }

    // ---------------------------------------------------------------- compatibility

    /**
     * Tests a schema without registering it.
     *
     * @param versionSpec null: against the versions the subject's level asks for (as on register);
     *                    otherwise against that one version (latest: compatible when the subject has none)
     * @return reasons for incompatibility; empty when compatible
     */
    List<String> testCompatibility(String subject, String versionSpec, String schemaText) {
        Schema schema = AvroSchemas.parse(schemaText);
        CompatibilityLevel level = effectiveLevel(subject);
        List<VersionEntry> live = store.versions(subject, false);
        if (versionSpec == null) {
            return CompatibilityChecker.check(level, schema, previous(live));
        }
        int wanted = parseVersion(versionSpec);
        if (wanted == LATEST) {
            if (live.isEmpty()) {
                return List.of();
            }
            return CompatibilityChecker.check(level, schema, previous(live.subList(live.size() - 1, live.size())));
        }
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        VersionEntry target = live.stream().filter(v -> v.version() == wanted).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(wanted));
        return CompatibilityChecker.check(level, schema, previous(List.of(target)));
    }

    private List<CompatibilityChecker.Previous> previous(List<VersionEntry> versions) {
        List<CompatibilityChecker.Previous> result = new ArrayList<>(versions.size());
        for (VersionEntry entry : versions) {
            Schema parsed = parsedByCanonical.computeIfAbsent(entry.canonical(), c -> AvroSchemas.parse(entry.schema()));
            result.add(new CompatibilityChecker.Previous(entry.version(), parsed));
        }
        return result;
    }

    // ---------------------------------------------------------------- configuration

    CompatibilityLevel globalLevel() {
        return store.globalLevel().orElse(CompatibilityLevel.DEFAULT);
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return store.subjectLevel(subject).orElseGet(this::globalLevel);
    }

    /** The subject's own level; 40408 when it has none, unless {@code defaultToGlobal}. */
    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = store.subjectLevel(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return globalLevel();
        }
        throw RegistryException.subjectLevelNotConfigured(subject);
    }

    CompatibilityLevel setGlobalLevel(String levelName) {
        CompatibilityLevel level = parseLevel(levelName);
        return write(() -> {
            schemaLog.append(List.of(new ConfigRecord(null, level)));
            return level;
        });
    }

    CompatibilityLevel setSubjectLevel(String subject, String levelName) {
        CompatibilityLevel level = parseLevel(levelName);
        return write(() -> {
            schemaLog.append(List.of(new ConfigRecord(subject, level)));
            return level;
        });
    }

    /** Resets the global level to the default and returns the level in force before. */
    CompatibilityLevel deleteGlobalLevel() {
        return write(() -> {
            CompatibilityLevel before = globalLevel();
            if (store.globalLevel().isPresent()) {
                schemaLog.append(List.of(new ConfigRecord(null, null)));
            }
            return before;
        });
    }

    /** Removes the subject's own level (it falls back to the global one) and returns it; 40408 when none. */
    CompatibilityLevel deleteSubjectLevel(String subject) {
        return write(() -> {
            CompatibilityLevel before = store.subjectLevel(subject)
                    .orElseThrow(() -> RegistryException.subjectLevelNotConfigured(subject));
            schemaLog.append(List.of(new ConfigRecord(subject, null)));
            return before;
        });
    }

    // ---------------------------------------------------------------- helpers

    private <T> T write(Supplier<T> decision) {
        synchronized (writeLock) {
            schemaLog.awaitCaughtUp();
            return decision.get();
        }
    }

    /** Parses a version path segment: a positive int, {@code -1} or {@code latest} (both give {@link #LATEST}). */
    static int parseVersion(String spec) {
        if (spec != null) {
            if ("latest".equalsIgnoreCase(spec.trim())) {
                return LATEST;
            }
            try {
                int version = Integer.parseInt(spec.trim());
                if (version >= 1 || version == LATEST) {
                    return version;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw RegistryException.invalidVersion(spec);
    }

    private static CompatibilityLevel parseLevel(String levelName) {
        return CompatibilityLevel.parse(levelName)
                .orElseThrow(() -> RegistryException.invalidCompatibilityLevel(levelName));
    }
}
