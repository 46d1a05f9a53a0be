package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.storage.sql.SqlJobJournal;
import dev.easel.core.model.JobId;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        return start(env(), args);
    }

    private EarlyStart start(Map<String, String> env, String... args) {
        EaselServicesFactory factory = new EaselServicesFactory(env, work.resolve("user-home"), work);
        return EarlyStart.start(args, env, work.resolve("user-home"), work, early -> {
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
    void settingsChangedByAFlagGetNothingAndWhatWasMadeIsClosed() throws Exception {
        try (EarlyStart early = start("generate", "a fox", "--output", "elsewhere")) {
            Settings withFlag = commandSettings(Map.of("output", "elsewhere"));

            assertThat(early.session(withFlag)).isEmpty();
            assertThat(early.journal(withFlag)).isEmpty();
            early.closed().get(20, TimeUnit.SECONDS);
            assertJournalClosed();
            assertThat(early.sessionHandedOver()).isFalse();
            assertThat(early.journalHandedOver()).isFalse();
        }
    }

    @Test
    void whatNoCommandTookIsClosedAtTheEnd() throws Exception {
        EarlyStart untaken = start("usage");

        untaken.close();

        untaken.closed().get(20, TimeUnit.SECONDS);
        assertJournalClosed();
        assertThat(untaken.session(commandSettings(Map.of()))).isEmpty();
        assertThat(untaken.journal(commandSettings(Map.of()))).isEmpty();
    }

    @Test
    void aGenerateCommandGetsItsProviderMadeBesideItsSessionWhenItsSettingsAreThoseItWasMadeWith() throws Exception {
        Map<String, String> withToken = new HashMap<>(env());
        withToken.put("RUNCOMFY_API_TOKEN", "early-token");
        Settings settings = EaselServicesFactory.settings(withToken, Map.of(), work.resolve("user-home"), work);
        try (EarlyStart early = start(withToken, "generate", "a fox")) {
            Optional<GenerationProvider> provider = early.provider(settings);

            assertThat(provider).isPresent();
            assertThat(provider.get().name()).isEqualTo("runcomfy");
            assertThat(early.providerHandedOver()).isTrue();
            assertThat(early.provider(settings)).as("taken once").isEmpty();
            early.journal(settings).ifPresent(EarlyStartTest::close);
            early.session(settings).ifPresent(EaselServicesFactory.Session::close);
        }
        try (EarlyStart early = start(withToken, "generate", "a fox", "--provider", "modelark")) {
            assertThat(early.provider(settings.with("provider", "modelark"))).isEmpty();
            assertThat(early.providerHandedOver()).isFalse();
        }
        try (EarlyStart early = start("generate", "a fox")) {
            Settings same = commandSettings(Map.of());
            assertThat(early.provider(same)).as("no token: the command makes its own, which says so").isEmpty();
            Optional<EaselServicesFactory.Session> session = early.session(same);
            assertThat(session).as("the settings were those it started with: the provider failed to be made").isPresent();
            session.ifPresent(EaselServicesFactory.Session::close);
        }
        try (EarlyStart early = start("jobs")) {
            assertThat(early.provider(commandSettings(Map.of()))).isEmpty();
        }
    }

    private static void close(JobJournal journal) {
        try {
            ((AutoCloseable) journal).close();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
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
                .contains(URI.create("https://model-api.runcomfy.net"));
        assertThat(EarlyStart.providerEndpoint(Settings.of(Map.of("provider", "runcomfy",
                "runcomfy.base-url", "http://127.0.0.1:9/x")))).contains(URI.create("http://127.0.0.1:9/x"));
        assertThat(EarlyStart.providerEndpoint(Settings.of(Map.of("provider", "modelark"))))
                .contains(URI.create("https://ark.ap-southeast.bytepluses.com/api/v3"));
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

    /** A command line run as {@link Main#main} runs it, through the given factory, which is closed at the end. */
    private static EaselHarness.Run run(EaselServicesFactory factory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, factory, new PrintWriter(out), new PrintWriter(err), () -> {
            throw new AssertionError("no command here speaks MCP");
        });
        return new EaselHarness.Run(code, out.toString(), err.toString());
    }

    /** The command line run on another thread; the test fails if it does not end within 20 s (the bug was a 60 s wait or more). */
    private static EaselHarness.Run endsPromptly(EaselServicesFactory factory, String... args) throws Exception {
        return CompletableFuture.supplyAsync(() -> run(factory, args)).get(20, TimeUnit.SECONDS);
    }

    @Test
    void theCommandUsesThePartsMadeEarlyUnlessAFlagChangesItsSettings() {
        try (EaselHarness harness = new EaselHarness(work, b -> { })) {
            EaselServicesFactory plain = new EaselServicesFactory(harness.env(), work.resolve("user-home"), work);
            EaselHarness.Run made = run(plain, "generate", "made early", "-q");
            assertThat(made.exit()).as(made.err()).isZero();
            assertThat(plain.early().sessionHandedOver()).isTrue();
            assertThat(plain.early().journalHandedOver()).isTrue();
            assertThat(plain.early().providerHandedOver()).isTrue();

            EaselServicesFactory moved = new EaselServicesFactory(harness.env(), work.resolve("user-home"), work);
            EaselHarness.Run elsewhere = run(moved, "generate", "made elsewhere", "-q", "--output", "elsewhere");
            assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
            assertThat(elsewhere.out()).contains("elsewhere");
            assertThat(moved.early().active()).isTrue();
            assertThat(moved.early().sessionHandedOver()).isFalse();
            assertThat(moved.early().journalHandedOver()).isFalse();
            assertThat(moved.early().providerHandedOver()).isFalse();

            EaselServicesFactory listing = new EaselServicesFactory(harness.env(), work.resolve("user-home"), work);
            EaselHarness.Run listed = run(listing, "jobs");
            assertThat(listed.exit()).as(listed.err()).isZero();
            assertThat(listed.out()).contains("made early", "made elsewhere");
            assertThat(listing.early().journalHandedOver()).isTrue();
        }
    }

    @Test
    void aMistypedCommandEndsPromptlyWhileAnotherProcessWritesTheDatabase() throws Exception {
        // An up-to-date database: the early journal opens (reading is not blocked), and closing it would wait for the lock.
        SqlJobJournal existing = EaselHarness.journalIn(work);
        existing.close();
        mistypedWhileLocked();
    }

    @Test
    void aMistypedCommandEndsPromptlyWhileTheNewDatabaseIsLocked() throws Exception {
        // A new, empty database: the early journal cannot even be opened (WAL mode, the schema) until the lock is gone.
        Files.createDirectories(work.resolve("home"));
        mistypedWhileLocked();
    }

    private void mistypedWhileLocked() throws Exception {
        EaselServicesFactory factory = new EaselServicesFactory(env(), work.resolve("user-home"), work);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("home/easel.db"));
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");

            EaselHarness.Run mistyped = endsPromptly(factory, "jobs", "--bogus");

            assertThat(mistyped.exit()).isEqualTo(2);
            assertThat(mistyped.err()).contains("--bogus");
            assertThat(factory.early().active()).isTrue();
            statement.execute("ROLLBACK");
        }
        // The journal made early is still closed, once the lock is gone.
        factory.early().closed().get(90, TimeUnit.SECONDS);
        assertJournalClosed();
    }

    @Test
    void aMistypedCommandEndsPromptlyWhenTheDatabaseServerNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Connections are accepted by the system into the backlog, and never answered.
            Map<String, String> env = new HashMap<>(env());
            env.put("EASEL_DATABASE_URL", "postgresql://easel:secret@127.0.0.1:" + silent.getLocalPort() + "/easel");
            EaselServicesFactory factory = new EaselServicesFactory(env, work.resolve("user-home"), work);

            EaselHarness.Run mistyped = endsPromptly(factory, "jobs", "--bogus");

            assertThat(mistyped.exit()).isEqualTo(2);
            assertThat(mistyped.err()).contains("--bogus");
            assertThat(factory.early().active()).isTrue();
        }
    }
}
