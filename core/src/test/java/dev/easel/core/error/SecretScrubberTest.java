package dev.easel.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {

    private static final String TOKEN = "rc_live_9fK2mQ7xW4pLzT8vB1nY6cH3dJ5sG0aEuR";

    private final SecretScrubber scrubber = SecretScrubber.of(TOKEN);

    @Test
    void aTokenSplitByTheCutLeavesNoFragment() {
        // The token starts 20 characters before the 600th: cutting first would keep 20 of its characters.
        String text = "x".repeat(SecretScrubber.MAX_LENGTH - 20) + TOKEN + " tail";

        String shown = scrubber.scrub(text);

        assertThat(shown).hasSizeLessThanOrEqualTo(SecretScrubber.MAX_LENGTH + 1);
        assertNoFragment(shown);
    }

    @Test
    void aFragmentOfTheTokenIsReplacedAsWellAsTheWholeToken() {
        String text = "bad key " + TOKEN.substring(3, 3 + SecretScrubber.MIN_FRAGMENT) + "; full " + TOKEN
                + "; tail " + TOKEN.substring(TOKEN.length() - 9) + ".";

        String shown = scrubber.scrub(text);

        assertThat(shown).isEqualTo("bad key [redacted]; full [redacted]; tail [redacted].");
    }

    @Test
    void textWithoutTheTokenIsKeptButCapped() {
        assertThat(scrubber.scrub("content policy: the prompt was refused")).isEqualTo("content policy: the prompt was refused");
        assertThat(scrubber.scrub("y".repeat(5000))).isEqualTo("y".repeat(SecretScrubber.MAX_LENGTH) + "…");
        assertThat(scrubber.scrub("y".repeat(50), 10)).isEqualTo("y".repeat(10) + "…");
        assertThat(scrubber.scrub(null)).isEmpty();
    }

    @Test
    void shortCommonRunsAreNotMistakenForTheToken() {
        // Five characters of the token (below the fragment length) are ordinary text.
        String text = "code " + TOKEN.substring(0, SecretScrubber.MIN_FRAGMENT - 1) + " ok";

        assertThat(scrubber.scrub(text)).isEqualTo(text);
    }

    @Test
    void controlCharactersAreReplacedSoATerminalShowsThemInert() {
        String shown = scrubber.scrub("a\u001b]0;owned\u0007b\u009bc\r\nd\te");

        assertThat(shown).isEqualTo("a�]0;owned�b�c�\nd\te");
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String text = "z".repeat(SecretScrubber.MAX_LENGTH - 1) + "😀😀";

        String shown = scrubber.scrub(text);

        assertThat(shown).isEqualTo("z".repeat(SecretScrubber.MAX_LENGTH - 1) + "…");
    }

    @Test
    void everySecretIsScrubbedAndBlankOnesAreIgnored() {
        SecretScrubber two = SecretScrubber.of(TOKEN, null, "", "ark-key-0123456789");

        assertThat(two.scrub("a " + TOKEN + " b ark-key-0123456789 c")).isEqualTo("a [redacted] b [redacted] c");
        assertThat(SecretScrubber.none().scrub("plain")).isEqualTo("plain");
        assertThat(two.toString()).doesNotContain(TOKEN).doesNotContain("ark-key");
    }

    @Test
    void randomTextAroundRandomFragmentsNeverLeaksOne() {
        Random random = new Random(12);
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(6);
            for (int p = 0; p < pieces; p++) {
                text.append(randomText(random, random.nextInt(700)));
                int from = random.nextInt(TOKEN.length() - SecretScrubber.MIN_FRAGMENT + 1);
                int to = from + SecretScrubber.MIN_FRAGMENT + random.nextInt(TOKEN.length() - from - SecretScrubber.MIN_FRAGMENT + 1);
                text.append(TOKEN, from, to);
            }
            assertNoFragment(scrubber.scrub(text.toString()));
        }
    }

    private static String randomText(Random random, int length) {
        String alphabet = "abc xyz{}\":,0123456789_" + TOKEN;
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static void assertNoFragment(String shown) {
        for (int i = 0; i + SecretScrubber.MIN_FRAGMENT <= TOKEN.length(); i++) {
            assertThat(shown).doesNotContain(TOKEN.substring(i, i + SecretScrubber.MIN_FRAGMENT));
        }
    }
}
