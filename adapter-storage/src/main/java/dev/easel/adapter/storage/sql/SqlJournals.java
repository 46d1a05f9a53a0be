package dev.easel.adapter.storage.sql;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.port.out.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** How long a dead process's unfinished jobs wait before another takes them, such as {@code 30s} or {@code 2m}. */
    public static final String LEASE = "journal.lease";
    public static final String FILE_NAME = "easel.db";
    public static final String OLD_JOURNAL = "journal.jsonl";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*([sm])");
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

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigurationException("EASEL_JOURNAL_LEASE \"" + text + "\" is not a duration: use seconds or"
                    + " minutes such as 30s or 2m (at least 1s)");
        }
        long amount = Long.parseLong(m.group(1));
        Duration lease = m.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
        if (lease.isZero()) {
            throw new ConfigurationException("EASEL_JOURNAL_LEASE \"" + text + "\" is too short: use at least 1s");
        }
        return lease;
    }
}
