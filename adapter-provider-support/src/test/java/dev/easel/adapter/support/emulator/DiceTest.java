package dev.easel.adapter.support.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiceTest {

    private static List<Boolean> rolls(Dice dice, double p, int n) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(dice.roll(p));
        }
        return out;
    }

    @Test
    void theSameSeedRollsTheSameAndTheOddsAreKept() {
        List<Boolean> first = rolls(new Dice(7), 0.3, 2000);
        assertThat(rolls(new Dice(7), 0.3, 2000)).isEqualTo(first);
        assertThat(first.stream().filter(b -> b).count()).isBetween(480L, 720L);
    }

    @Test
    void neverAndAlwaysAreExactAndAFaultThatIsOffDrawsNothing() {
        Dice dice = new Dice(7);
        assertThat(rolls(dice, 0, 100)).containsOnly(false);
        assertThat(rolls(dice, 1, 100)).containsOnly(true);

        Dice plain = new Dice(3);
        Dice withOffFaults = new Dice(3);
        List<Boolean> expected = rolls(plain, 0.5, 50);
        List<Boolean> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            withOffFaults.roll(0);
            seen.add(withOffFaults.roll(0.5));
        }
        assertThat(seen).isEqualTo(expected);
    }
}
