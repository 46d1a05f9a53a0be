package dev.easel.boot;

import dev.easel.adapter.storage.JobJson;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The journal opened on the second core while the main thread parses the command line and wires the
 * session (decision 0021). A command that reads or writes the journal spent about a third of its start
 * opening it (the pool, SQLite's first connection, the schema check, Logback's set-up) and reading its
 * first record (Jackson); the rest of its start (picocli, Guice) needs neither, so they run side by side.
 *
 * <p>The journal is opened with the settings the environment and the config file give, before the
 * command's flags are known. The session takes it only if its own settings are exactly those (no flag
 * changed any of them); otherwise it is closed and the session opens its own, so a command behaves as
 * if this class did not exist, only sooner. A failure here is dropped: the session's own opening meets
 * it again and reports it. What no session took is closed when the command line has run.
 */
final class EarlyJournal implements AutoCloseable {

    /** The commands whose session certainly asks for the journal. */
    private static final Set<String> JOURNAL_COMMANDS = Set.of("jobs", "status", "result", "cancel", "resume", "usage",
            "generate", "batch");
    /** Arguments that change what a command opens ({@code --demo}: another home) or mean it opens nothing. */
    private static final Set<String> OPEN_NOTHING = Set.of("--demo", "-h", "--help", "-V", "--version");

    private static final EarlyJournal NONE = new EarlyJournal(null, null);

    private final Settings settings;
    private final CompletableFuture<JobJournal> opening;
    private boolean taken;

    private EarlyJournal(Settings settings, CompletableFuture<JobJournal> opening) {
        this.settings = settings;
        this.opening = opening;
    }

    /** Nothing opened early: every session opens its own journal. */
    static EarlyJournal none() {
        return NONE;
    }

    /**
     * Starts opening the journal on a daemon thread if the command line names a command that uses it;
     * otherwise does nothing.
     */
    static EarlyJournal start(String[] args, Map<String, String> environment, Path userHome, Path workingDirectory) {
        if (args.length == 0 || !JOURNAL_COMMANDS.contains(args[0])) {
            return NONE;
        }
        for (String arg : args) {
            if (OPEN_NOTHING.contains(arg)) {
                return NONE;
            }
        }
        Settings settings;
        try {
            settings = EaselServicesFactory.settings(environment, Map.of(), userHome, workingDirectory);
        } catch (RuntimeException unreadable) {
            // The session reads the same configuration and reports what is wrong with it.
            return NONE;
        }
        CompletableFuture<JobJournal> opening = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                PrivateFiles.home(Path.of(settings.get(Configuration.HOME, "")));
                opening.complete(Plugins.storage(settings.get(Configuration.STORAGE, "file")).journal(settings));
            } catch (Throwable failed) {
                opening.completeExceptionally(failed);
            }
        }, "easel-early-journal");
        thread.setDaemon(true);
        thread.start();
        // Beside it, Jackson builds its reader and writer of journal records (the first record read
        // or written took tens of milliseconds): the journal's thread would still be opening by then.
        Thread records = new Thread(() -> {
            try {
                JobJson.prepare();
            } catch (RuntimeException notPrepared) {
                // Then the first record read or written has Jackson build them, as it always did.
            }
        }, "easel-early-records");
        records.setDaemon(true);
        records.start();
        return new EarlyJournal(settings, opening);
    }

    /**
     * The journal opened early, if it was opened with exactly these settings: the caller owns it from
     * then on. Otherwise it is closed, and the caller opens its own.
     */
    synchronized Optional<JobJournal> take(Settings wanted) {
        if (opening == null || taken) {
            return Optional.empty();
        }
        taken = true;
        Optional<JobJournal> journal = opened();
        if (journal.isPresent() && !settings.equals(wanted)) {
            closeQuietly(journal.get());
            return Optional.empty();
        }
        return journal;
    }

    /** Waits for the opening and closes the journal if no session took it. */
    @Override
    public synchronized void close() {
        if (opening == null || taken) {
            return;
        }
        taken = true;
        opened().ifPresent(EarlyJournal::closeQuietly);
    }

    private Optional<JobJournal> opened() {
        try {
            return Optional.of(opening.get());
        } catch (ExecutionException failed) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            // Still opening: closed by whoever waits for it next, or by the process's end.
            opening.thenAccept(EarlyJournal::closeQuietly);
            return Optional.empty();
        }
    }

    private static void closeQuietly(JobJournal journal) {
        if (journal instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // It was never used; the session's own journal reports its own problems.
            }
        }
    }
}
