package dev.easel.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.ModelId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunTimesTest {

    private static final ModelId MODEL = ModelId.of("bytedance/seedream-5/lite/text-to-image");

    private final RunTimes runTimes = new RunTimes();

    private void ran(long atLeastMillis, long atMostMillis) {
        runTimes.record(MODEL, Duration.ofMillis(atLeastMillis), Duration.ofMillis(atMostMillis));
    }

    @Test
    void knowsNothingBeforeThreeJobs() {
        ran(900, 1100);
        ran(950, 1050);

        assertThat(runTimes.typical(MODEL)).isEmpty();
    }

    @Test
    void jobsOfOneLengthPolledAtDifferentMomentsNarrowItDown() {
        // Each job of 1.00 s was seen unfinished up to 100 ms before its end, or done up to 100 ms after:
        // the middles of the bounds say 1.05, 0.965, 1.03; together the bounds say 0.99 to 1.01.
        ran(990, 1110);
        ran(920, 1010);
        ran(960, 1100);

        assertThat(runTimes.typical(MODEL)).contains(Duration.ofMillis(1010));
    }

    @Test
    void jobsOfDifferentLengthsGiveTheMedianOfTheirMiddles() {
        // 2 s, 3 s and 10 s: no length fits every job's bounds.
        ran(1900, 2100);
        ran(2900, 3100);
        ran(9900, 10100);

        assertThat(runTimes.typical(MODEL)).contains(Duration.ofMillis(3000));
    }

    @Test
    void keepsOnlyTheRecentJobs() {
        for (int i = 0; i < RunTimes.KEPT; i++) {
            ran(4900, 5100);
        }
        for (int i = 0; i < RunTimes.KEPT; i++) {
            ran(990, 1010);
        }

        assertThat(runTimes.typical(MODEL)).contains(Duration.ofMillis(1000));
    }

    @Test
    void runTimesRecalledFromTheJournalStandInUntilTheProcessSeesOneJobEnd() {
        // Earlier processes noticed five jobs 2 s after their submit.
        runTimes.recall(MODEL, java.util.Collections.nCopies(5, Duration.ofSeconds(2)));

        assertThat(runTimes.typical(MODEL)).as("the recalled jobs: each within its last 2 %%").contains(Duration.ofMillis(1980));
        assertThat(runTimes.expected(MODEL)).contains(Duration.ofMillis(1980));
        assertThat(runTimes.recalledOnly(MODEL)).isTrue();

        ran(990, 1010);
        assertThat(runTimes.recalledOnly(MODEL)).isFalse();
        assertThat(runTimes.typical(MODEL)).as("one job seen here: not enough, and the recalled ones no longer count").isEmpty();
        assertThat(runTimes.expected(MODEL)).as("the one seen here").contains(Duration.ofMillis(1010));
        ran(990, 1010);
        ran(990, 1010);
        assertThat(runTimes.typical(MODEL)).contains(Duration.ofMillis(1000));
    }
}
