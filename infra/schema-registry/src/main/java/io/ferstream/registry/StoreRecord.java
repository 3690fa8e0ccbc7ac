package io.ferstream.registry;

import java.util.Objects;

/** One record of the {@code _schemas} log, decoded. */
sealed interface StoreRecord {

    /**
     * A subject version. {@code value} null is a tombstone (hard delete).
     */
    record SchemaRecord(String subject, int version, SchemaValue value) implements StoreRecord {
        public SchemaRecord {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /** What a subject version points at; {@code deleted} marks a soft delete. */
    record SchemaValue(int id, String schema, boolean deleted) {
        public SchemaValue {
            Objects.requireNonNull(schema, "schema");
        }
    }

    /**
     * Compatibility configuration. {@code subject} null is the global level; {@code level} null is a tombstone
     * (back to the default, or to the global level for a subject).
     */
    record ConfigRecord(String subject, CompatibilityLevel level) implements StoreRecord {
    }

    /**
     * Confluent's own soft-delete marker: every version up to {@code version} is deleted. This registry never
     * writes it, but understands it when reading a topic that Confluent wrote.
     */
    record DeleteSubjectRecord(String subject, int version) implements StoreRecord {
        public DeleteSubjectRecord {
            Objects.requireNonNull(subject, "subject");
        }
    }
}
