package io.ferstream.registry;

import static io.ferstream.registry.TestSchemas.BACK_1;
import static io.ferstream.registry.TestSchemas.BACK_2;
import static io.ferstream.registry.TestSchemas.BACK_3;
import static io.ferstream.registry.TestSchemas.FWD_1;
import static io.ferstream.registry.TestSchemas.FWD_2;
import static io.ferstream.registry.TestSchemas.FWD_3;
import static io.ferstream.registry.TestSchemas.ORDER;
import static io.ferstream.registry.TestSchemas.USER_ADDS_REQUIRED;
import static io.ferstream.registry.TestSchemas.USER_DROPS_NAME;
import static io.ferstream.registry.TestSchemas.USER_NAME_AS_INT;
import static io.ferstream.registry.TestSchemas.USER_V1;
import static io.ferstream.registry.TestSchemas.USER_V1_REFORMATTED;
import static io.ferstream.registry.TestSchemas.USER_V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.ferstream.registry.SchemaStore.SubjectVersion;
import io.ferstream.registry.SchemaStore.VersionEntry;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RegistryServiceTest {

    private final SchemaStore store = new SchemaStore();
    private final InMemorySchemaLog schemaLog = new InMemorySchemaLog(store);
    private final RegistryService registry = new RegistryService(store, schemaLog);

    private static void assertError(ThrowingCallable call, int status, int errorCode) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.errorCode()).as("error_code of: " + e.getMessage()).isEqualTo(errorCode);
            assertThat(e.httpStatus()).as("HTTP status").isEqualTo(status);
        });
    }

    // ---------------------------------------------------------------- ids and versions

    @Test
    void firstSchemaGetsIdOneAndVersionOne() {
        assertThat(registry.register("users-value", USER_V1)).isEqualTo(1);
        VersionEntry v1 = registry.version("users-value", "1", false);
        assertThat(v1.id()).isEqualTo(1);
        assertThat(v1.subject()).isEqualTo("users-value");
        // stored in Avro's normalized form
        assertThat(v1.schema()).isEqualTo(
                "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}");
    }

    @Test
    void registeringTheSameSchemaAgainReturnsTheSameIdWithoutANewVersion() {
        int id = registry.register("users-value", USER_V1);
        int written = schemaLog.appended();
        assertThat(registry.register("users-value", USER_V1)).isEqualTo(id);
        assertThat(registry.versions("users-value", false)).containsExactly(1);
        assertThat(schemaLog.appended()).as("no record written for a known schema").isEqualTo(written);
    }

    @Test
    void differentlyFormattedButEquivalentJsonIsTheSameSchema() {
        int id = registry.register("users-value", USER_V1);
        assertThat(registry.register("users-value", USER_V1_REFORMATTED)).isEqualTo(id);
        assertThat(registry.versions("users-value", false)).containsExactly(1);
        assertThat(registry.lookup("users-value", USER_V1_REFORMATTED, false).version()).isEqualTo(1);
    }

    @Test
    void theSameSchemaUnderAnotherSubjectKeepsItsGlobalId() {
        int id = registry.register("a-value", USER_V1);
        int other = registry.register("b-value", ORDER);
        assertThat(registry.register("c-value", USER_V1_REFORMATTED)).isEqualTo(id);
        assertThat(other).isEqualTo(2);
        assertThat(registry.version("c-value", "latest", false).version()).isEqualTo(1);
        assertThat(registry.usagesOf(id, false))
                .containsExactly(new SubjectVersion("a-value", 1), new SubjectVersion("c-value", 1));
        assertThat(registry.subjectsOf(id, false)).containsExactly("a-value", "c-value");
    }

    @Test
    void newVersionsGetNewIdsAndNumbers() {
        assertThat(registry.register("users-value", USER_V1)).isEqualTo(1);
        assertThat(registry.register("users-value", USER_V2_WITH_DEFAULT)).isEqualTo(2);
        assertThat(registry.versions("users-value", false)).containsExactly(1, 2);
        assertThat(registry.version("users-value", "latest", false).id()).isEqualTo(2);
        assertThat(registry.version("users-value", "-1", false).version()).isEqualTo(2);
        assertThat(registry.version("users-value", "1", false).id()).isEqualTo(1);
        assertThat(registry.subjects(false, null)).containsExactly("users-value");
        assertThat(registry.maxId()).isEqualTo(2);
    }

    @Test
    void subjectsAreSortedAndFilterableByPrefix() {
        registry.register("zeta", USER_V1);
        registry.register("alpha", USER_V1);
        registry.register("alpine", ORDER);
        assertThat(registry.subjects(false, null)).containsExactly("alpha", "alpine", "zeta");
        assertThat(registry.subjects(false, "alp")).containsExactly("alpha", "alpine");
    }

    @Test
    void invalidSchemasAreRejectedWith42201() {
        assertError(() -> registry.register("s", "{\"type\":\"record\",\"name\":\"X\"}"), 422, 42201);
        assertError(() -> registry.register("s", "not json"), 422, 42201);
        assertError(() -> registry.register("s", ""), 422, 42201);
        assertError(() -> registry.register("s", "{\"type\":\"nosuchtype\"}"), 422, 42201);
        assertThat(registry.subjects(true, null)).isEmpty();
    }

    @Test
    void primitiveSchemasAreFine() {
        assertThat(registry.register("key", "\"string\"")).isEqualTo(1);
        assertThat(registry.register("key", "{\"type\":\"string\"}")).isEqualTo(1);
        assertThat(registry.schemaById(1)).isEqualTo("\"string\"");
    }

    @Test
    void versionErrors() {
        registry.register("s", USER_V1);
        assertError(() -> registry.version("s", "0", false), 422, 42202);
        assertError(() -> registry.version("s", "-2", false), 422, 42202);
        assertError(() -> registry.version("s", "abc", false), 422, 42202);
        assertError(() -> registry.version("s", "99999999999", false), 422, 42202);
        assertError(() -> registry.version("s", "2", false), 404, 40402);
        assertError(() -> registry.version("nope", "1", false), 404, 40401);
        assertError(() -> registry.versions("nope", false), 404, 40401);
    }

    @Test
    void lookupFindsTheVersionOrSaysWhy() {
        registry.register("s", USER_V1);
        registry.register("s", USER_V2_WITH_DEFAULT);
        VersionEntry found = registry.lookup("s", USER_V2_WITH_DEFAULT, false);
        assertThat(found.version()).isEqualTo(2);
        assertThat(found.id()).isEqualTo(2);
        assertError(() -> registry.lookup("nope", USER_V1, false), 404, 40401);
        assertError(() -> registry.lookup("s", ORDER, false), 404, 40403);
        assertError(() -> registry.lookup("s", "garbage", false), 422, 42201);
    }

    @Test
    void schemaByIdErrors() {
        assertError(() -> registry.schemaById(1), 404, 40403);
        assertError(() -> registry.usagesOf(1, false), 404, 40403);
    }

    // ---------------------------------------------------------------- deletes

    @Test
    void softDeleteHidesTheSubjectButKeepsIdsResolvable() {
        registry.register("s", USER_V1);
        registry.register("s", USER_V2_WITH_DEFAULT);
        registry.register("other", ORDER);

        assertThat(registry.deleteSubject("s", false)).containsExactly(1, 2);

        assertThat(registry.subjects(false, null)).containsExactly("other");
        assertThat(registry.subjects(true, null)).containsExactly("other", "s");
        assertError(() -> registry.versions("s", false), 404, 40401);
        assertThat(registry.versions("s", true)).containsExactly(1, 2);
        assertError(() -> registry.version("s", "latest", false), 404, 40401);
        assertThat(registry.version("s", "2", true).deleted()).isTrue();
        assertError(() -> registry.lookup("s", USER_V1, false), 404, 40401);
        assertThat(registry.lookup("s", USER_V1, true).version()).isEqualTo(1);
        assertThat(registry.schemaById(1)).contains("\"User\"");
        assertThat(registry.usagesOf(1, false)).isEmpty();
        assertThat(registry.usagesOf(1, true)).containsExactly(new SubjectVersion("s", 1));
    }

    @Test
    void deletingTwiceOrPermanentlyFirstIsRefused() {
        registry.register("s", USER_V1);
        assertError(() -> registry.deleteSubject("s", true), 404, 40405);
        registry.deleteSubject("s", false);
        assertError(() -> registry.deleteSubject("s", false), 404, 40404);
        assertError(() -> registry.deleteSubject("nope", false), 404, 40401);
        assertError(() -> registry.deleteSubject("nope", true), 404, 40401);
    }

    @Test
    void registeringAfterASoftDeleteContinuesTheVersionNumbers() {
        registry.register("s", USER_V1);
        registry.register("s", USER_V2_WITH_DEFAULT);
        registry.deleteSubject("s", false);

        // the same schema again: same global id, but a new version after the highest ever
        assertThat(registry.register("s", USER_V1)).isEqualTo(1);
        assertThat(registry.versions("s", false)).containsExactly(3);
        assertThat(registry.versions("s", true)).containsExactly(1, 2, 3);
        assertThat(registry.subjects(false, null)).containsExactly("s");
        assertThat(registry.version("s", "latest", false).id()).isEqualTo(1);
    }

    @Test
    void softDeletedVersionsAreNotCheckedForCompatibility() {
        registry.register("s", USER_V1);
        registry.deleteSubject("s", false);
        // incompatible with version 1, but version 1 is deleted
        assertThat(registry.register("s", USER_NAME_AS_INT)).isEqualTo(2);
    }

    @Test
    void hardDeleteRemovesEverythingButNeverReusesIds() {
        registry.register("s", USER_V1);
        registry.register("s", USER_V2_WITH_DEFAULT);
        registry.deleteSubject("s", false);

        assertThat(registry.deleteSubject("s", true)).containsExactly(1, 2);

        assertThat(registry.subjects(true, null)).isEmpty();
        assertError(() -> registry.versions("s", true), 404, 40401);
        assertError(() -> registry.schemaById(1), 404, 40403);
        assertError(() -> registry.schemaById(2), 404, 40403);
        // a fresh start for the subject, but a fresh id too
        assertThat(registry.register("s", USER_V1)).isEqualTo(3);
        assertThat(registry.versions("s", false)).containsExactly(1);
    }

    @Test
    void hardDeleteKeepsIdsUsedElsewhere() {
        registry.register("s", USER_V1);
        registry.register("t", USER_V1);
        registry.deleteSubject("s", false);
        registry.deleteSubject("s", true);
        assertThat(registry.schemaById(1)).contains("User");
        assertThat(registry.usagesOf(1, true)).containsExactly(new SubjectVersion("t", 1));
    }

    @Test
    void deletingOneVersion() {
        registry.register("s", USER_V1);
        registry.register("s", USER_V2_WITH_DEFAULT);
        assertError(() -> registry.deleteVersion("s", "1", true), 404, 40407);

        assertThat(registry.deleteVersion("s", "1", false)).isEqualTo(1);
        assertThat(registry.versions("s", false)).containsExactly(2);
        assertError(() -> registry.version("s", "1", false), 404, 40402);
        assertError(() -> registry.deleteVersion("s", "1", false), 404, 40406);

        assertThat(registry.deleteVersion("s", "1", true)).isEqualTo(1);
        assertThat(registry.versions("s", true)).containsExactly(2);
        assertError(() -> registry.deleteVersion("s", "1", false), 404, 40402);
        assertError(() -> registry.deleteVersion("s", "x", false), 422, 42202);
        assertError(() -> registry.deleteVersion("nope", "1", false), 404, 40401);

        assertThat(registry.deleteVersion("s", "latest", false)).isEqualTo(2);
        assertThat(registry.subjects(false, null)).isEmpty();
    }

    // ---------------------------------------------------------------- compatibility on register

    @Test
    void defaultLevelIsBackward() {
        assertThat(registry.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.register("s", USER_V1);
        assertError(() -> registry.register("s", USER_ADDS_REQUIRED), 409, 409);
        assertThat(registry.register("s", USER_DROPS_NAME)).isEqualTo(2);
    }

    @Test
    void incompatibleRegistrationExplainsWhyAndWritesNothing() {
        registry.register("s", USER_V1);
        int written = schemaLog.appended();
        assertThatThrownBy(() -> registry.register("s", USER_ADDS_REQUIRED))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("incompatible")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("email");
        assertThat(schemaLog.appended()).isEqualTo(written);
        assertThat(registry.versions("s", false)).containsExactly(1);
        assertThat(registry.maxId()).isEqualTo(1);
    }

    @Test
    void forwardLevel() {
        registry.setSubjectLevel("s", "FORWARD");
        registry.register("s", USER_V1);
        assertError(() -> registry.register("s", USER_DROPS_NAME), 409, 409);
        assertThat(registry.register("s", USER_ADDS_REQUIRED)).isEqualTo(2);
    }

    @Test
    void fullLevel() {
        registry.setGlobalLevel("full");
        registry.register("s", USER_V1);
        assertError(() -> registry.register("s", USER_DROPS_NAME), 409, 409);
        assertError(() -> registry.register("s", USER_ADDS_REQUIRED), 409, 409);
        assertThat(registry.register("s", USER_V2_WITH_DEFAULT)).isEqualTo(2);
    }

    @Test
    void noneLevel() {
        registry.setSubjectLevel("s", "NONE");
        registry.register("s", USER_V1);
        assertThat(registry.register("s", USER_NAME_AS_INT)).isEqualTo(2);
    }

    @Test
    void backwardPassesWhereBackwardTransitiveFails() {
        registry.register("plain", BACK_1);
        registry.register("plain", BACK_2);
        assertThat(registry.register("plain", BACK_3)).isEqualTo(3);

        registry.setSubjectLevel("strict", "BACKWARD_TRANSITIVE");
        registry.register("strict", BACK_1);
        registry.register("strict", BACK_2);
        assertThatThrownBy(() -> registry.register("strict", BACK_3))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409))
                .hasMessageContaining("version 1");
        assertThat(registry.versions("strict", false)).containsExactly(1, 2);
    }

    @Test
    void forwardPassesWhereForwardTransitiveFails() {
        registry.setSubjectLevel("plain", "FORWARD");
        registry.register("plain", FWD_1);
        registry.register("plain", FWD_2);
        assertThat(registry.register("plain", FWD_3)).isEqualTo(3);

        registry.setSubjectLevel("strict", "FORWARD_TRANSITIVE");
        registry.register("strict", FWD_1);
        registry.register("strict", FWD_2);
        assertError(() -> registry.register("strict", FWD_3), 409, 409);
    }

    @Test
    void fullPassesWhereFullTransitiveFails() {
        String fwd3WithDefault =
                "{\"type\":\"record\",\"name\":\"F\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":0}]}";
        registry.setSubjectLevel("plain", "FULL");
        registry.register("plain", FWD_1);
        registry.register("plain", FWD_2);
        assertThat(registry.register("plain", fwd3WithDefault)).isEqualTo(3);

        registry.setSubjectLevel("strict", "FULL_TRANSITIVE");
        registry.register("strict", FWD_1);
        registry.register("strict", FWD_2);
        assertError(() -> registry.register("strict", fwd3WithDefault), 409, 409);
    }

    @Test
    void testCompatibilityWithoutRegistering() {
        assertThat(registry.testCompatibility("s", "latest", USER_V1)).as("no versions yet").isEmpty();
        assertError(() -> registry.testCompatibility("s", "1", USER_V1), 404, 40401);
        registry.register("s", BACK_1);
        registry.register("s", BACK_2);
        assertThat(registry.testCompatibility("s", "latest", BACK_3)).isEmpty();
        assertThat(registry.testCompatibility("s", "2", BACK_3)).isEmpty();
        assertThat(registry.testCompatibility("s", "1", BACK_3)).isNotEmpty();
        assertError(() -> registry.testCompatibility("s", "7", BACK_3), 404, 40402);
        assertError(() -> registry.testCompatibility("s", "x", BACK_3), 422, 42202);
        assertThat(registry.testCompatibility("s", null, BACK_3)).as("BACKWARD: latest only").isEmpty();
        registry.setSubjectLevel("s", "BACKWARD_TRANSITIVE");
        assertThat(registry.testCompatibility("s", null, BACK_3)).as("transitive: all versions").isNotEmpty();
        assertThat(registry.versions("s", false)).containsExactly(1, 2);
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void configLevels() {
        assertError(() -> registry.subjectLevel("s", false), 404, 40408);
        assertThat(registry.subjectLevel("s", true)).isEqualTo(CompatibilityLevel.BACKWARD);

        assertThat(registry.setGlobalLevel("FORWARD")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(registry.globalLevel()).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(registry.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FORWARD);

        registry.setSubjectLevel("s", "NONE");
        assertThat(registry.subjectLevel("s", false)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.effectiveLevel("t")).isEqualTo(CompatibilityLevel.FORWARD);

        assertThat(registry.deleteSubjectLevel("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FORWARD);
        assertError(() -> registry.deleteSubjectLevel("s"), 404, 40408);

        assertThat(registry.deleteGlobalLevel()).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(registry.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void invalidLevelsAreRejected() {
        assertError(() -> registry.setGlobalLevel("SIDEWAYS"), 422, 42203);
        assertError(() -> registry.setGlobalLevel(null), 422, 42203);
        assertError(() -> registry.setSubjectLevel("s", ""), 422, 42203);
        assertThat(registry.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void permanentSubjectDeleteAlsoDropsItsLevel() {
        registry.setSubjectLevel("s", "NONE");
        registry.register("s", USER_V1);
        registry.deleteSubject("s", false);
        assertThat(registry.subjectLevel("s", false)).as("soft delete keeps it").isEqualTo(CompatibilityLevel.NONE);
        registry.deleteSubject("s", true);
        assertError(() -> registry.subjectLevel("s", false), 404, 40408);
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentRegistrationsOfOneSchemaYieldOneIdAndOneVersion() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String variant = i % 2 == 0 ? USER_V1 : USER_V1_REFORMATTED;
                tasks.add(() -> {
                    go.await();
                    return registry.register("s", variant);
                });
            }
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> task : tasks) {
                futures.add(pool.submit(task));
            }
            go.countDown();
            Set<Integer> ids = ConcurrentHashMap.newKeySet();
            for (Future<Integer> future : futures) {
                ids.add(future.get(10, TimeUnit.SECONDS));
            }
            assertThat(ids).containsExactly(1);
            assertThat(registry.versions("s", true)).containsExactly(1);
            assertThat(schemaLog.appended()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
