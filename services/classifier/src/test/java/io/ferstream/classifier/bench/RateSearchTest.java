package io.ferstream.classifier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateSearchTest {

    @Test
    void doublesUntilAFailureThenBisectsToTheResolution() {
        RateSearch.Result result = RateSearch.find(30, 1000, 10, rate -> rate <= 137);

        assertThat(result.sustained()).isBetween(128, 137);
        assertThat(result.steps()).extracting(RateSearch.Step::rate).startsWith(30, 60, 120, 240);
        assertThat(result.steps()).allSatisfy(step -> assertThat(step.sustained()).isEqualTo(step.rate() <= 137));
    }

    @Test
    void stopsAtTheMaximumWhenEverythingPasses() {
        RateSearch.Result result = RateSearch.find(30, 200, 10, rate -> true);

        assertThat(result.sustained()).isEqualTo(200);
        assertThat(result.steps()).extracting(RateSearch.Step::rate).containsExactly(30, 60, 120, 200);
    }

    @Test
    void searchesBelowTheStartWhenTheStartFails() {
        RateSearch.Result result = RateSearch.find(100, 400, 5, rate -> rate <= 20);

        assertThat(result.sustained()).isBetween(16, 20);
        assertThat(RateSearch.find(10, 40, 5, rate -> false).sustained()).isZero();
    }

    @Test
    void refusesAnEmptyRange() {
        assertThatThrownBy(() -> RateSearch.find(50, 40, 5, rate -> true)).isInstanceOf(IllegalArgumentException.class);
    }
}
