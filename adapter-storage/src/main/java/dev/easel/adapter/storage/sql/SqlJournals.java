package dev.easel.adapter.storage.sql;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.model.Durations;
import dev.easel.core.port.out.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the journal that the settings name: PostgreSQL when {@code database.url} (EASEL_DATABASE_URL)
 * is set, otherwise SQLite at {@code $EASEL_HOME/easel.db}. A JSON-lines journal left in the home
 * folder by an earlier Easel is imported on the first start, with a one-line report.
 */
public final class SqlJournals {

    public static final String DATABASE_URL = "database.url";
    public static final String HOME = "home";
    /** How long a dead process's unfinished jobs wait before another takes them, such as {@code 30s}, {@code 2m} or {@code 1m30s}. */
    public static final String LEASE = "journal.lease";
    public static final String FILE_NAME = "easel.db";
    static final Duration MINIMUM_LEASE = Duration.ofMillis(100);
    public static final String OLD_JOURNAL = "journal.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(JournalImport.class);

    private SqlJournals() {
    }

    public static SqlJobJournal open(Settings settings) {
        Path home = Path.of(settings.get(HOME, Path.of(System.getProperty("user.home"), ".easel").toString()));
        DatabaseUrl url = settings.get(DATABASE_URL).map(DatabaseUrl::parse)
                .orElseGet(() -> DatabaseUrl.sqlite(home.resolve(FILE_NAME)));
        Duration lease = settings.get(LEASE).map(SqlJournals::duration).orElse(SqlJobJournal.DEFAULT_LEASE);
        SqlJobJournal journal = new SqlJobJournal(Database.open(url), Clock.systemUTC(), lease);
        try {
            new JournalImport(journal, Clock.systemUTC()).importOnce(home.resolve(OLD_JOURNAL))
                    .ifPresent(report -> LOG.info("{}", report));
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    /**
     * Read as every other duration setting and flag ({@link Durations}): 30s, 2m, 1h, 1m30s, PT30S,
     * 500ms; at least 100ms (a shorter lease would mostly measure the database's round trips).
     */
    static Duration duration(String text) {
        Duration lease;
        try {
            lease = Durations.parse(text);
        } catch (IllegalArgumentException invalid) {
            throw new ConfigurationException("EASEL_JOURNAL_LEASE " + invalid.getMessage() + " (at least 100ms)");
        }
        if (lease.compareTo(MINIMUM_LEASE) < 0) {
            throw new ConfigurationException("EASEL_JOURNAL_LEASE \"" + text + "\" is too short: use at least 100ms");
        }
        return lease;
    }
}
