package dev.easel.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

    @Test
    void readsUnitsTheirSumsAndIso8601() {
        DurationConverter read = new DurationConverter();
        assertThat(read.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(read.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(read.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(read.convert("PT5M")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void zeroIsRefusedSayingWhyUnlessZeroIsAllowed() {
        assertThatThrownBy(() -> new DurationConverter().convert("0s"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessage("\"0s\" must be more than zero");
        assertThatThrownBy(() -> new DurationConverter().convert("soon"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("is not a duration");
        assertThat(new DurationConverter.ZeroOrMore().convert("0s")).isZero();
        assertThatThrownBy(() -> new DurationConverter.ZeroOrMore().convert("-1s"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("is not a duration");
    }
}
