package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.port.out.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** EASEL_JOURNAL_LEASE is read as every other duration setting and flag. */
class SqlJournalsTest {

    @TempDir
    Path home;

    @ParameterizedTest
    @CsvSource({"30s, 30000", "2m, 120000", "1h, 3600000", "1m30s, 90000", "PT30S, 30000", "500ms, 500"})
    void theLeaseTakesTheDurationsEveryOtherSettingTakes(String text, long millis) {
        try (SqlJobJournal journal = SqlJournals.open(Settings.of(Map.of("home", home.toString(), SqlJournals.LEASE, text)))) {
            assertThat(journal.lease()).contains(Duration.ofMillis(millis));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "30", "-5s", "0s", "50ms"})
    void aLeaseThatIsNoDurationOrTooShortIsRefusedNamingTheSetting(String text) {
        assertThatThrownBy(() -> SqlJournals.open(Settings.of(Map.of("home", home.toString(), SqlJournals.LEASE, text))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EASEL_JOURNAL_LEASE").hasMessageContaining(text).hasMessageContaining("100ms");
    }
}
