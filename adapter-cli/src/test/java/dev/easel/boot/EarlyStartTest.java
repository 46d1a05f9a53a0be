package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.JobId;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command needs, made on other threads while its command line is parsed: real SQLite files, real sessions. */
class EarlyStartTest {

    @TempDir
    Path work;

    /** The sessions the early start made, in order. */
    private final List<EaselServicesFactory.Session> made = new ArrayList<>();

    private Map<String, String> env() {
        return Map.of("EASEL_HOME", work.resolve("home").toString(), "EASEL_OUTPUT", work.resolve("out").toString());
    }

    private Settings commandSettings(Map<String, String> flags) {
        return EaselServicesFactory.settings(env(), flags, work.resolve("user-home"), work);
    }

    private EarlyStart start(String... args) {
        EaselServicesFactory factory = new EaselServicesFactory(env(), work.resolve("user-home"), work);
        return EarlyStart.start(args, env(), work.resolve("user-home"), work, early -> {
            EaselServicesFactory.Session session = factory.openSession(false, Map.of());
            synchronized (made) {
                made.add(session);
            }
            return session;
        });
    }

    /** SQLite removes the write-ahead log when the last connection to the database closes. */
    private void assertJournalClosed() {
        assertThat(work.resolve("home/easel.db")).exists();
        assertThat(work.resolve("home/easel.db-wal")).doesNotExist();
    }

    @Test
    void aJournalCommandGetsItsSessionAndJournalMadeWithItsOwnSettings() throws Exception {
        try (EarlyStart early = start("jobs", "--limit", "3")) {
            Optional<EaselServicesFactory.Session> session = early.session(commandSettings(Map.of()));
            Optional<JobJournal> journal = early.journal(commandSettings(Map.of()));

            assertThat(session).isPresent();
            assertThat(made).containsExactly(session.get());
            assertThat(journal).isPresent();
            assertThat(journal.get().find(JobId.of("20260101-000000-abcdef"))).isEmpty();
            assertThat(work.resolve("home/easel.db-wal")).exists();
            // Taken once: the taker closes them, and another asker makes its own.
            assertThat(early.session(commandSettings(Map.of()))).isEmpty();
            assertThat(early.journal(commandSettings(Map.of()))).isEmpty();
            session.get().close();
            ((AutoCloseable) journal.get()).close();
        }
        assertJournalClosed();
    }

    @Test
    void settingsChangedByAFlagGetNothingAndWhatWasMadeIsClosed() {
        try (EarlyStart early = start("generate", "a fox", "--output", "elsewhere")) {
            Settings withFlag = commandSettings(Map.of("output", "elsewhere"));

            assertThat(early.session(withFlag)).isEmpty();
            assertThat(early.journal(withFlag)).isEmpty();
            assertJournalClosed();
        }
    }

    @Test
    void whatNoCommandTookIsClosedAtTheEnd() {
        EarlyStart untaken = start("usage");

        untaken.close();

        assertJournalClosed();
        assertThat(untaken.session(commandSettings(Map.of()))).isEmpty();
        assertThat(untaken.journal(commandSettings(Map.of()))).isEmpty();
    }

    @Test
    void aCatalogCommandGetsASessionButOpensNoJournal() {
        try (EarlyStart early = start("models")) {
            assertThat(early.session(commandSettings(Map.of()))).isPresent();
            assertThat(early.journal(commandSettings(Map.of()))).isEmpty();
        }
        assertThat(work.resolve("home/easel.db")).doesNotExist();
    }

    @Test
    void commandsThatOpenNoSessionOrAnotherHomeStartNothing() {
        for (String[] args : new String[][] {{"inspect", "x.png"}, {"jobs", "--demo"}, {"generate", "--help"},
                {"status", "-h"}, {}, {"serve"}, {"mcp"}, {"emulator"}}) {
            try (EarlyStart early = start(args)) {
                assertThat(early.active()).as(String.join(" ", args)).isFalse();
                assertThat(early.session(commandSettings(Map.of()))).as(String.join(" ", args)).isEmpty();
                assertThat(early.journal(commandSettings(Map.of()))).as(String.join(" ", args)).isEmpty();
            }
        }
        assertThat(made).isEmpty();
        assertThat(work.resolve("home")).doesNotExist();
    }

    @Test
    void aJournalThatCannotOpenIsLeftToTheCommandToReport() throws Exception {
        Files.createDirectories(work.resolve("home"));
        Map<String, String> env = Map.of("EASEL_HOME", work.resolve("home").toString(),
                "EASEL_DATABASE_URL", "mysql://nowhere/db");
        try (EarlyStart early = EarlyStart.start(new String[] {"jobs"}, env, work.resolve("user-home"), work,
                made -> new EaselServicesFactory(env, work.resolve("user-home"), work).openSession(false, Map.of()))) {
            assertThat(early.journal(EaselServicesFactory.settings(env, Map.of(), work.resolve("user-home"), work))).isEmpty();
        }
    }

    @Test
    void theProviderEndpointIsTheOneItsPluginCalls() {
        assertThat(EarlyStart.providerEndpoint(Settings.of(Map.of())))
                .contains(java.net.URI.create("https://model-api.runcomfy.net"));
        assertThat(EarlyStart.providerEndpoint(Settings.of(Map.of("provider", "runcomfy",
                "runcomfy.base-url", "http://127.0.0.1:9/x")))).contains(java.net.URI.create("http://127.0.0.1:9/x"));
        assertThat(EarlyStart.providerEndpoint(Settings.of(Map.of("provider", "modelark"))))
                .contains(java.net.URI.create("https://ark.ap-southeast.bytepluses.com/api/v3"));
        assertThat(EarlyStart.providerEndpoint(Settings.of(Map.of("provider", "elsewhere")))).isEmpty();
        assertThat(EarlyStart.providerEndpoint(Settings.of(Map.of("runcomfy.base-url", "not a url")))).isEmpty();
    }

    @Test
    void commandLinesRunTheSameWithTheirPartsMadeEarly() {
        try (EaselHarness harness = new EaselHarness(work, b -> { })) {
            EaselHarness.Run made = harness.easel("generate", "made early", "-q");
            assertThat(made.exit()).as(made.err()).isZero();
            EaselHarness.Run elsewhere = harness.easel("generate", "made elsewhere", "-q", "--output", "elsewhere");
            assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
            assertThat(elsewhere.out()).contains("elsewhere");

            EaselHarness.Run listed = harness.easel("jobs");

            assertThat(listed.exit()).as(listed.err()).isZero();
            assertThat(listed.out()).contains("made early", "made elsewhere");
            assertThat(made.err() + elsewhere.err() + listed.err()).doesNotContain("SLF4J");
            EaselHarness.Run demo = harness.easel("jobs", "--demo");
            assertThat(demo.exit()).as(demo.err()).isZero();
            assertThat(demo.out()).doesNotContain("made early");
            harness.env().remove("RUNCOMFY_API_TOKEN");
            EaselHarness.Run noToken = harness.easel("generate", "no token", "-q");
            assertThat(noToken.exit()).isEqualTo(3);
            assertThat(noToken.err()).contains("RUNCOMFY_API_TOKEN");
        }
    }
}
