package io.ferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RegistryRequestTest {

    @Test
    void pathSegmentsAreDecodedOneByOneAndPlusStaysPlus() {
        assertThat(RegistryRequest.pathSegments("/subjects/a%2Fb+c/versions/")).containsExactly("subjects", "a/b+c", "versions");
        assertThat(RegistryRequest.pathSegments(null)).isEmpty();
        assertThatThrownBy(() -> RegistryRequest.pathSegments("/subjects/%zz"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("404");
    }

    @Test
    void theFirstValueOfAQueryParameterWinsAndMalformedOnesAreIgnored() {
        assertThat(RegistryRequest.queryParams("deleted=true&deleted=false&subjectPrefix=fer%2E&flag&bad=%zz&"))
                .isEqualTo(Map.of("deleted", "true", "subjectPrefix", "fer.", "flag", ""));
        assertThat(RegistryRequest.queryParams(null)).isEmpty();
    }
}
