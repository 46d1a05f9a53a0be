package dev.easel.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    @Test
    void secondsWholeOrDecimalAreRead() {
        assertThat(RetryAfter.parse(" 3 ")).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse("0.25")).contains(Duration.ofMillis(250));
    }

    @Test
    void anHttpDateIsTheWaitUntilThenAndADatePastIsNoWait() {
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        assertThat(RetryAfter.parse(later)).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMinutes(58), Duration.ofMinutes(60)));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    }

    @Test
    void anythingElseIsNoAdvice() {
        assertThat(RetryAfter.parse(null)).isEmpty();
        assertThat(RetryAfter.parse("")).isEmpty();
        assertThat(RetryAfter.parse("-1")).isEmpty();
        assertThat(RetryAfter.parse("soon")).isEmpty();
        assertThat(RetryAfter.parse("99999999")).as("more than six digits").isEmpty();
    }
}
