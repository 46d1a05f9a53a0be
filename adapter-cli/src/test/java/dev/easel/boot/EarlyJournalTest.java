package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.model.JobId;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal opened on a second thread while the command line is parsed: real SQLite files. */
class EarlyJournalTest {

    @TempDir
    Path work;

    private Map<String, String> env() {
        return Map.of("EASEL_HOME", work.resolve("home").toString(), "EASEL_OUTPUT", work.resolve("out").toString());
    }

    private Settings sessionSettings(Map<String, String> flags) {
        return EaselServicesFactory.settings(env(), flags, work.resolve("user-home"), work);
    }

    private EarlyJournal start(String... args) {
        return EarlyJournal.start(args, env(), work.resolve("user-home"), work);
    }

    @Test
    void aJournalCommandGetsTheJournalOpenedWithItsOwnSettings() {
        try (EarlyJournal early = start("jobs", "--limit", "3")) {
            Optional<JobJournal> journal = early.take(sessionSettings(Map.of()));

            assertThat(journal).isPresent();
            assertThat(work.resolve("home/easel.db")).exists();
            assertThat(journal.get().find(JobId.of("20260101-000000-abcdef"))).isEmpty();
            assertThat(work.resolve("home/easel.db-wal")).exists();
            // Taken once: the owner closes it, and a second session opens its own.
            assertThat(early.take(sessionSettings(Map.of()))).isEmpty();
            ((AutoCloseable) journal.get()).close();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void settingsChangedByAFlagGetNoneAndTheEarlyOneIsClosed() {
        try (EarlyJournal early = start("generate", "a fox", "--output", "elsewhere")) {
            Settings withFlag = sessionSettings(Map.of("output", "elsewhere"));

            assertThat(early.take(withFlag)).isEmpty();
            assertClosed();
        }
    }

    /** SQLite removes the write-ahead log when the last connection to the database closes. */
    private void assertClosed() {
        assertThat(work.resolve("home/easel.db")).exists();
        assertThat(work.resolve("home/easel.db-wal")).doesNotExist();
    }

    @Test
    void whatNoSessionTookIsClosedAtTheEnd() throws Exception {
        JobJournal journal;
        try (EarlyJournal early = start("status", "20260101-000000-abcdef", "--bogus")) {
            journal = early.take(sessionSettings(Map.of())).orElseThrow();
        }
        ((AutoCloseable) journal).close();
        assertThatThrownBy(() -> journal.find(JobId.of("20260101-000000-abcdef"))).isInstanceOf(RuntimeException.class);

        EarlyJournal untaken = start("usage");
        untaken.close();
        assertClosed();
        assertThat(untaken.take(sessionSettings(Map.of()))).isEmpty();
    }

    @Test
    void commandsWithoutAJournalOrWithAnotherHomeOpenNothing() {
        for (String[] args : new String[][] {{"models"}, {"schema"}, {"inspect", "x.png"}, {"jobs", "--demo"},
                {"generate", "--help"}, {"status", "-h"}, {}, {"serve"}}) {
            try (EarlyJournal early = start(args)) {
                assertThat(early.take(sessionSettings(Map.of()))).as(String.join(" ", args)).isEmpty();
            }
        }
        assertThat(work.resolve("home")).doesNotExist();
    }

    @Test
    void aJournalThatCannotOpenIsLeftToTheSessionToReport() throws Exception {
        Files.createDirectories(work.resolve("home"));
        Map<String, String> env = Map.of("EASEL_HOME", work.resolve("home").toString(),
                "EASEL_DATABASE_URL", "mysql://nowhere/db");
        try (EarlyJournal early = EarlyJournal.start(new String[] {"jobs"}, env, work.resolve("user-home"), work)) {
            assertThat(early.take(EaselServicesFactory.settings(env, Map.of(), work.resolve("user-home"), work))).isEmpty();
        }
    }

    @Test
    void theCommandLineRunsTheSameWithTheJournalOpenedEarly() {
        try (EaselHarness harness = new EaselHarness(work, b -> { })) {
            EaselHarness.Run made = harness.easel("generate", "opened early", "-q");
            assertThat(made.exit()).as(made.err()).isZero();

            EaselHarness.Run listed = harness.easel("jobs");

            assertThat(listed.exit()).as(listed.err()).isZero();
            assertThat(listed.out()).contains("opened early");
            EaselHarness.Run demo = harness.easel("jobs", "--demo");
            assertThat(demo.exit()).as(demo.err()).isZero();
            assertThat(demo.out()).doesNotContain("opened early");
        }
    }
}
