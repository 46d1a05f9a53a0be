package dev.easel.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(3));

    @Test
    void theWaitDoublesWithEachTryBetweenHalfAndAllOfItsCeilingAndStopsAtTheMaximum() {
        for (int round = 0; round < 200; round++) {
            assertThat(policy.backoff(1, Optional.empty())).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(policy.backoff(2, Optional.empty())).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(policy.backoff(3, Optional.empty())).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(policy.backoff(40, Optional.empty())).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        }
    }

    @Test
    void aServersRetryAfterIsNeverUndercutButDoesNotShortenTheWait() {
        assertThat(policy.backoff(1, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(1, Optional.of(Duration.ZERO))).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void anotherTryFitsOnlyWithinTheTriesAndTheTimeAllowed() {
        assertThat(policy.allows(1, Duration.ZERO, Duration.ofMillis(100))).isTrue();
        assertThat(policy.allows(4, Duration.ofSeconds(2), Duration.ofSeconds(1))).isTrue();
        assertThat(policy.allows(5, Duration.ZERO, Duration.ZERO)).as("the fifth try was the last").isFalse();
        assertThat(policy.allows(2, Duration.ofSeconds(2), Duration.ofMillis(1001))).as("past three seconds in all").isFalse();
    }

    @Test
    void aPolicyThatCouldNeverTryOrWaitsBackwardsIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstBackoff <= maxBackoff");
    }
}
