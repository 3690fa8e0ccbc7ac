package io.ferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.registry.SchemaStore.SubjectVersion;
import io.ferstream.registry.StoreRecord.ConfigRecord;
import io.ferstream.registry.StoreRecord.DeleteSubjectRecord;
import io.ferstream.registry.StoreRecord.SchemaRecord;
import io.ferstream.registry.StoreRecord.SchemaValue;
import org.junit.jupiter.api.Test;

class SchemaStoreTest {

    private final SchemaStore store = new SchemaStore();

    private void put(String subject, int version, int id, String schema, boolean deleted) {
        store.apply(new SchemaRecord(subject, version, new SchemaValue(id, schema, deleted)));
    }

    @Test
    void emptyStore() {
        assertThat(store.subjects(true)).isEmpty();
        assertThat(store.maxId()).isZero();
        assertThat(store.maxVersion("s")).isZero();
        assertThat(store.globalLevel()).isEmpty();
        assertThat(store.schemaById(1)).isEmpty();
    }

    @Test
    void nonCanonicalTextFromOtherWritersIsMatchedByCanonicalForm() {
        put("s", 1, 4, "{ \"type\" : \"string\" }", false);
        assertThat(store.findByCanonical("s", "\"string\"", false)).hasValueSatisfying(v -> {
            assertThat(v.id()).isEqualTo(4);
            assertThat(v.canonical()).isEqualTo("\"string\"");
        });
        assertThat(store.idOf("\"string\"")).hasValue(4);
        assertThat(store.maxId()).isEqualTo(4);
    }

    @Test
    void laterRecordsForTheSameKeyReplaceEarlierOnes() {
        put("s", 1, 1, "\"string\"", false);
        put("s", 1, 1, "\"string\"", true);
        assertThat(store.subjects(false)).isEmpty();
        assertThat(store.subjects(true)).containsExactly("s");
        assertThat(store.versions("s", true)).singleElement().satisfies(v -> assertThat(v.deleted()).isTrue());
        assertThat(store.usagesOf(1, true)).containsExactly(new SubjectVersion("s", 1));

        store.apply(new SchemaRecord("s", 1, null));
        assertThat(store.subjects(true)).isEmpty();
        assertThat(store.schemaById(1)).isEmpty();
        assertThat(store.idOf("\"string\"")).isEmpty();
        assertThat(store.maxId()).as("the max id never goes down").isEqualTo(1);
    }

    @Test
    void tombstoneForAnUnknownKeyIsHarmless() {
        store.apply(new SchemaRecord("ghost", 3, null));
        store.apply(new ConfigRecord("ghost", null));
        assertThat(store.subjects(true)).isEmpty();
        assertThat(store.subjectLevel("ghost")).isEmpty();
    }

    @Test
    void confluentDeleteSubjectMarkerSoftDeletesUpToItsVersion() {
        put("s", 1, 1, "\"string\"", false);
        put("s", 2, 2, "\"int\"", false);
        put("s", 3, 3, "\"long\"", false);
        store.apply(new DeleteSubjectRecord("s", 2));
        assertThat(store.versions("s", false)).extracting(SchemaStore.VersionEntry::version).containsExactly(3);
        assertThat(store.versions("s", true)).extracting(SchemaStore.VersionEntry::version).containsExactly(1, 2, 3);
    }

    @Test
    void configRecords() {
        store.apply(new ConfigRecord(null, CompatibilityLevel.FULL));
        store.apply(new ConfigRecord("s", CompatibilityLevel.NONE));
        assertThat(store.globalLevel()).contains(CompatibilityLevel.FULL);
        assertThat(store.subjectLevel("s")).contains(CompatibilityLevel.NONE);
        store.apply(new ConfigRecord("s", null));
        store.apply(new ConfigRecord(null, null));
        assertThat(store.globalLevel()).isEmpty();
        assertThat(store.subjectLevel("s")).isEmpty();
    }
}
