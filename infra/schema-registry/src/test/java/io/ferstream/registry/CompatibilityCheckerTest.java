package io.ferstream.registry;

import static io.ferstream.registry.TestSchemas.BACK_1;
import static io.ferstream.registry.TestSchemas.BACK_2;
import static io.ferstream.registry.TestSchemas.BACK_3;
import static io.ferstream.registry.TestSchemas.FWD_1;
import static io.ferstream.registry.TestSchemas.FWD_2;
import static io.ferstream.registry.TestSchemas.FWD_3;
import static io.ferstream.registry.TestSchemas.USER_ADDS_REQUIRED;
import static io.ferstream.registry.TestSchemas.USER_DROPS_NAME;
import static io.ferstream.registry.TestSchemas.USER_NAME_AS_INT;
import static io.ferstream.registry.TestSchemas.USER_V1;
import static io.ferstream.registry.TestSchemas.USER_V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityCheckerTest {

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static List<String> check(CompatibilityLevel level, String candidate, String... previous) {
        List<CompatibilityChecker.Previous> earlier = new ArrayList<>();
        for (int i = 0; i < previous.length; i++) {
            earlier.add(new CompatibilityChecker.Previous(i + 1, parse(previous[i])));
        }
        return CompatibilityChecker.check(level, parse(candidate), earlier);
    }

    @ParameterizedTest(name = "{0}: adding a field with a default -> {1}, adding a required field -> {2},"
            + " dropping a required field -> {3}, changing its type -> {4}")
    @CsvSource({
        "NONE,                true, true,  true,  true",
        "BACKWARD,            true, false, true,  false",
        "BACKWARD_TRANSITIVE, true, false, true,  false",
        "FORWARD,             true, true,  false, false",
        "FORWARD_TRANSITIVE,  true, true,  false, false",
        "FULL,                true, false, false, false",
        "FULL_TRANSITIVE,     true, false, false, false",
    })
    void singleStepChangesPerLevel(CompatibilityLevel level, boolean addWithDefault, boolean addRequired,
            boolean dropRequired, boolean changeType) {
        assertThat(check(level, USER_V2_WITH_DEFAULT, USER_V1).isEmpty()).isEqualTo(addWithDefault);
        assertThat(check(level, USER_ADDS_REQUIRED, USER_V1).isEmpty()).isEqualTo(addRequired);
        assertThat(check(level, USER_DROPS_NAME, USER_V1).isEmpty()).isEqualTo(dropRequired);
        assertThat(check(level, USER_NAME_AS_INT, USER_V1).isEmpty()).isEqualTo(changeType);
    }

    @Test
    void backwardOnlyLooksAtTheLatestButTransitiveLooksAtAll() {
        assertThat(check(CompatibilityLevel.BACKWARD, BACK_2, BACK_1)).isEmpty();
        assertThat(check(CompatibilityLevel.BACKWARD, BACK_3, BACK_1, BACK_2)).isEmpty();
        List<String> problems = check(CompatibilityLevel.BACKWARD_TRANSITIVE, BACK_3, BACK_1, BACK_2);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("version 1").contains("TYPE_MISMATCH").contains("/fields/0/type");
    }

    @Test
    void forwardOnlyLooksAtTheLatestButTransitiveLooksAtAll() {
        assertThat(check(CompatibilityLevel.FORWARD, FWD_2, FWD_1)).isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD, FWD_3, FWD_1, FWD_2)).isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD_TRANSITIVE, FWD_3, FWD_1, FWD_2))
                .singleElement().asString().contains("version 1 cannot read data written with the new schema");
    }

    @Test
    void fullTransitiveChecksBothWaysAgainstEveryVersion() {
        // FWD_1 -> FWD_2 -> BACK_3-like step: use the forward chain, each step is also backward compatible
        assertThat(check(CompatibilityLevel.FULL, FWD_2, FWD_1)).isEmpty();
        String fwd3WithDefault =
                "{\"type\":\"record\",\"name\":\"F\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":0}]}";
        assertThat(check(CompatibilityLevel.FULL, fwd3WithDefault, FWD_1, FWD_2)).isEmpty();
        List<String> problems = check(CompatibilityLevel.FULL_TRANSITIVE, fwd3WithDefault, FWD_1, FWD_2);
        // against version 1 both directions fail: string vs int
        assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p).contains("version 1"));
    }

    @Test
    void messagesNameTheMissingField() {
        assertThat(check(CompatibilityLevel.BACKWARD, USER_ADDS_REQUIRED, USER_V1))
                .singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("email")
                .contains("the new schema cannot read data written with version 1");
    }

    @Test
    void nothingToCheckAgainstIsCompatible() {
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL_TRANSITIVE, parse(USER_V1), List.of())).isEmpty();
    }
}
