package dev.easel.adapter.support.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultSpecTest {

    private enum Kind { RATE_LIMIT, ERROR_200, DROP }

    @Test
    void namesAreWrittenInLowerCaseWithDashes() {
        assertThat(FaultSpec.label(Kind.RATE_LIMIT)).isEqualTo("rate-limit");
        assertThat(FaultSpec.label(Kind.ERROR_200)).isEqualTo("error-200");
    }

    @Test
    void aSpecIsReadIntoProbabilitiesAndNothingIsNoFault() {
        assertThat(FaultSpec.parse(Kind.class, " rate-limit=0.15, error-200=1 "))
                .containsExactlyInAnyOrderEntriesOf(Map.of(Kind.RATE_LIMIT, 0.15, Kind.ERROR_200, 1.0));
        assertThat(FaultSpec.parse(Kind.class, null)).isEmpty();
        assertThat(FaultSpec.parse(Kind.class, "  ")).isEmpty();
    }

    @Test
    void anUnknownNameIsRefusedWithTheNamesAllowed() {
        assertThatThrownBy(() -> FaultSpec.parse(Kind.class, "drop=0.1,slow=0.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault \"slow=0.5\" is not name=probability with a name from: rate-limit, error-200, drop");
        assertThatThrownBy(() -> FaultSpec.parse(Kind.class, "drop"))
                .hasMessageStartingWith("fault \"drop\" is not name=probability");
    }

    @Test
    void aProbabilityOutsideZeroToOneOrNotANumberIsRefusedByName() {
        assertThatThrownBy(() -> FaultSpec.parse(Kind.class, "drop=often"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault drop needs a probability from 0 to 1, got \"often\"");
        assertThatThrownBy(() -> FaultSpec.parse(Kind.class, "drop=1.5"))
                .hasMessage("fault drop=1.5 must be a probability from 0 to 1");
        assertThatThrownBy(() -> FaultSpec.checked(Map.of(Kind.RATE_LIMIT, -0.1)))
                .hasMessage("fault rate-limit=-0.1 must be a probability from 0 to 1");
    }
}
