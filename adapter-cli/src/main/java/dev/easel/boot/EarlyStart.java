package dev.easel.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.storage.JobJson;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.port.out.Settings;
import dev.easel.core.service.DaemonThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * What a command will certainly need, made on the second core while the main thread parses the
 * command line (decision 0021): the session (Guice's injector, and the provider or catalog the command
 * asks for first), the journal, and the first uses of Logback and Jackson, as Spring Boot's background
 * pre-initialiser does. picocli's work on the main thread needs none of them, so they run side by side.
 *
 * <p>The session and the journal are made with the settings the environment and the config file give,
 * before the command's flags are known. A command takes them only if its own settings are exactly those
 * (no flag changed any of them); otherwise they are closed and the command makes its own, so it behaves
 * as if this class did not exist, only sooner. A failure here is dropped: the command's own attempt
 * meets it again and reports it. What no command took is closed on another thread, once it is made:
 * the end of the command line waits for that at most {@link #CLOSING_MILLIS}, never for a database
 * that is locked or does not answer.
 */
final class EarlyStart implements AutoCloseable {

    /** The commands whose session certainly asks for the journal. */
    private static final Set<String> JOURNAL = Set.of("jobs", "status", "result", "cancel", "resume", "usage",
            "generate", "batch");
    /** The commands that validate against the catalog or show it. */
    private static final Set<String> CATALOG = Set.of("models", "schema", "generate", "batch");
    /** The commands that call the provider first of all (a missing token is reported before anything is journaled). */
    private static final Set<String> PROVIDER = Set.of("generate", "batch");
    /** The commands that read journal records, and those that write them. */
    private static final Set<String> READ_RECORDS = Set.of("jobs", "status", "result", "cancel", "resume");
    private static final Set<String> WRITE_RECORDS = Set.of("generate", "batch", "result", "cancel", "resume");
    /** Arguments that change what a command opens ({@code --demo}: another home) or mean it opens nothing. */
    private static final Set<String> OPEN_NOTHING = Set.of("--demo", "-h", "--help", "-V", "--version");

    private static final EarlyStart NONE = new EarlyStart(false, false, false);
    /**
     * How long the end of a command line waits for what no command took to be closed: long enough for
     * a journal being opened on a working machine (SQLite's log is then checkpointed and removed, as
     * before), short enough that a locked or silent database never holds up a mistyped command. Past it
     * the process may exit with the journal still opening: its migrations and the old journal's import
     * each run in one transaction, and the import renames the old file only after its commit (a file
     * imported but not renamed is renamed on the next start), so a cut leaves nothing half done.
     */
    static final long CLOSING_MILLIS = 1_000;
    /** Closes what no command took, on a daemon thread: the process never waits for it past {@link #CLOSING_MILLIS}. */
    private static final Executor CLOSER = task -> DaemonThreads.named("easel-early-close").newThread(task).start();

    /** Whether anything is made early at all; known before the early thread starts. */
    private final boolean active;
    /** The settings the early parts are made with: those of the environment and config file, without flags. */
    private final CompletableFuture<Settings> settings = new CompletableFuture<>();
    /**
     * Logback's set-up, run by the first early thread that needs it while the others wait: a message
     * logged on one thread while another sets Logback up would be held back and replayed, with SLF4J's
     * warning on stderr.
     */
    private final FutureTask<Void> logging = new FutureTask<>(LoggerFactory::getILoggerFactory, null);
    private final Early<JobJournal> journal;
    private final Early<EaselServicesFactory.Session> session;
    private final Early<GenerationProvider> provider;

    private EarlyStart(boolean active, boolean journal, boolean provider) {
        this.active = active;
        this.journal = new Early<>(journal);
        this.session = new Early<>(active);
        this.provider = new Early<>(provider);
    }

    /** Nothing made early: every command makes its own. */
    static EarlyStart none() {
        return NONE;
    }

    /**
     * Starts making what the command named by {@code args} will need, if it is one that opens a session;
     * otherwise does nothing. The main thread only starts one daemon thread, which reads the settings,
     * starts the session's and Jackson's threads and opens the journal. {@code sessions} makes a session
     * without flags that takes its journal from the given early start.
     */
    static EarlyStart start(String[] args, Map<String, String> environment, Path userHome, Path workingDirectory,
                            Function<EarlyStart, EaselServicesFactory.Session> sessions) {
        if (args.length == 0 || !(JOURNAL.contains(args[0]) || CATALOG.contains(args[0]))) {
            return NONE;
        }
        for (String arg : args) {
            if (OPEN_NOTHING.contains(arg)) {
                return NONE;
            }
        }
        String command = args[0];
        EarlyStart early = new EarlyStart(true, JOURNAL.contains(command), PROVIDER.contains(command));
        daemon("easel-early-journal", () -> {
            Settings settings;
            try {
                settings = EaselServicesFactory.settings(environment, Map.of(), userHome, workingDirectory);
            } catch (RuntimeException unreadable) {
                // The command reads the same configuration and reports what is wrong with it.
                early.settings.completeExceptionally(unreadable);
                early.session.fail(unreadable);
                early.journal.fail(unreadable);
                early.provider.fail(unreadable);
                return;
            }
            early.settings.complete(settings);
            // The session is handed over as soon as its injector is made; the catalog is then made in it
            // here, while the command reads its options (Guice makes a singleton once: a command asking
            // for one being made waits for it).
            Runnable session = () -> {
                early.session.make(() -> {
                    early.awaitLogging();
                    return sessions.apply(early);
                });
                early.session.madeAlready().ifPresent(made -> {
                    if (CATALOG.contains(command)) {
                        quietly(() -> made.instance(ModelCatalog.class));
                    }
                });
            };
            // Jackson's first mapper (about 20 ms); then the provider, beside the session rather than in it
            // after the catalog, where it was the last thing `generate` waited for before it could journal
            // (decision 0028); then Jackson's reader or writer of journal records, and what the provider's
            // first call pays before it connects.
            Runnable warm = () -> {
                quietly(ObjectMapper::new);
                if (PROVIDER.contains(command)) {
                    early.provider.make(() -> {
                        early.awaitLogging();
                        return Plugins.provider(settings.get(Configuration.PROVIDER, "runcomfy")).provider(settings);
                    });
                }
                if (READ_RECORDS.contains(command)) {
                    quietly(JobJson::prepareReading);
                }
                if (WRITE_RECORDS.contains(command)) {
                    quietly(JobJson::prepareWriting);
                }
                if (PROVIDER.contains(command)) {
                    providerEndpoint(settings).ifPresent(endpoint -> quietly(() -> prepareConnection(endpoint)));
                }
            };
            Runnable journal = () -> {
                if (JOURNAL.contains(command)) {
                    early.journal.make(() -> {
                        early.awaitLogging();
                        PrivateFiles.home(Path.of(settings.get(Configuration.HOME, "")));
                        return Plugins.storage(settings.get(Configuration.STORAGE, "file")).journal(settings);
                    });
                }
            };
            // Three threads, not one: measured, the journal, the session and Jackson side by side
            // answered sooner on a quiet machine than one early thread or two (decision 0021).
            daemon("easel-early-session", session);
            daemon("easel-early-warm", warm);
            journal.run();
        });
        return early;
    }

    /**
     * Returns once Logback is set up, if an early thread set it up or is doing so; setting it up here
     * if none has begun. Whatever may log runs after this, so that no message is held back.
     */
    void awaitLogging() {
        if (!active) {
            return;
        }
        logging.run();
        try {
            logging.get();
        } catch (ExecutionException failed) {
            // Logback reports its own set-up problems; logging then goes where SLF4J sends it.
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether this command line had anything made early. */
    boolean active() {
        return active;
    }

    /**
     * The journal opened early, if it was opened with exactly these settings: the caller owns it from
     * then on. Otherwise it is closed, and the caller opens its own.
     */
    Optional<JobJournal> journal(Settings wanted) {
        return journal.take(() -> madeWith(wanted), EarlyStart::closeQuietly);
    }

    /** The session made early, if it was made with exactly these settings; otherwise it is closed. */
    Optional<EaselServicesFactory.Session> session(Settings wanted) {
        return session.take(() -> madeWith(wanted), EaselServicesFactory.Session::close);
    }

    /**
     * The provider made early, if it was made with exactly these settings: the caller's session owns it
     * from then on. Otherwise (or if making it failed, say for want of a token) the caller makes its own,
     * which meets and reports the same problem.
     */
    Optional<GenerationProvider> provider(Settings wanted) {
        return provider.take(() -> madeWith(wanted), EarlyStart::closeQuietly);
    }

    /** Whether a command took the journal made early (its session then uses it rather than opening one). */
    boolean journalHandedOver() {
        return journal.handedOver;
    }

    /** Whether a command took the session made early. */
    boolean sessionHandedOver() {
        return session.handedOver;
    }

    /** Whether a command's session took the provider made early. */
    boolean providerHandedOver() {
        return provider.handedOver;
    }

    /** Completes when what no command took has been closed (or failed to be made); for tests. */
    CompletableFuture<Void> closed() {
        return CompletableFuture.allOf(session.closing, journal.closing, provider.closing);
    }

    private boolean madeWith(Settings wanted) {
        try {
            return same(wanted, settings.join());
        } catch (CompletionException unreadable) {
            // Then nothing was made either.
            return false;
        }
    }

    /**
     * The same settings, key for key. Compared as maps: a record's {@code equals} is linked by a
     * bootstrap method on its first call, a few milliseconds of the main thread (seen in the profile
     * of {@code easel jobs}), which the command itself may not need.
     */
    private static boolean same(Settings wanted, Settings made) {
        return wanted.values().equals(made.values());
    }

    /**
     * Closes what no command took, on another thread once it is made, and waits for that at most
     * {@link #CLOSING_MILLIS}: a journal still opening (a locked database, a server that does not
     * answer) or slow to close never holds up the end of the command line.
     */
    @Override
    public void close() {
        session.abandon(EaselServicesFactory.Session::close);
        journal.abandon(EarlyStart::closeQuietly);
        provider.abandon(EarlyStart::closeQuietly);
        if (!active) {
            return;
        }
        try {
            closed().get(CLOSING_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillBeingMade) {
            // Closed when it is made, unless the process has ended by then.
        } catch (ExecutionException notPossible) {
            // Closing failures are dropped where they happen.
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the configured provider's API is, as its plugin reads it. */
    static Optional<URI> providerEndpoint(Settings settings) {
        try {
            return Plugins.provider(settings.get(Configuration.PROVIDER, "runcomfy")).endpoint(settings);
        } catch (RuntimeException unknownProvider) {
            // The command reports an unknown provider itself.
            return Optional.empty();
        }
    }

    /**
     * The host's addresses (a DNS query for a real service; the JDK keeps the answer for 30 s), the
     * JDK's proxy selection and its HTTP classes: what the first call to the provider would otherwise
     * pay before it connects. Nothing is sent; if the command calls the provider at the same moment,
     * its own look-up waits for this one instead of asking again.
     */
    private static void prepareConnection(URI endpoint) {
        try {
            if (endpoint.getHost() == null) {
                return;
            }
            InetAddress.getAllByName(endpoint.getHost());
            ProxySelector.getDefault().select(endpoint);
            endpoint.toURL().openConnection();
        } catch (IOException | IllegalArgumentException unreachable) {
            // The command's own call meets it and reports it.
        }
    }

    private static void closeQuietly(Object made) {
        if (made instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // It was never used; the command's own journal reports its own problems.
            }
        }
    }

    private static void quietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException ignored) {
            // Then the command meets the same problem itself, and reports it.
        }
    }

    private static void daemon(String name, Runnable task) {
        DaemonThreads.named(name).newThread(task).start();
    }

    /** One thing made on another thread, taken at most once. */
    private static final class Early<T> {
        private final boolean wanted;
        private final CompletableFuture<T> making = new CompletableFuture<>();
        private boolean taken;
        /** Whether a command took it. */
        volatile boolean handedOver;
        /** The closing of what was made if no command took it: done at once if there is nothing to close. */
        volatile CompletableFuture<Void> closing = CompletableFuture.completedFuture(null);

        Early(boolean wanted) {
            this.wanted = wanted;
        }

        void make(Supplier<T> make) {
            try {
                making.complete(make.get());
            } catch (Throwable failed) {
                making.completeExceptionally(failed);
            }
        }

        /** What was made, if making it is over and it succeeded; never waits. */
        Optional<T> madeAlready() {
            return making.isDone() && !making.isCompletedExceptionally() ? Optional.of(making.join()) : Optional.empty();
        }

        void fail(Throwable why) {
            making.completeExceptionally(why);
        }

        /**
         * What was made, waiting for it, if it suits the command; otherwise it is closed on another
         * thread once made. The command waits for the making either way (its own journal then never
         * opens, and migrates, the same database beside this one), not for the closing.
         */
        Optional<T> take(BooleanSupplier suits, Consumer<T> close) {
            if (!claim()) {
                return Optional.empty();
            }
            if (!suits.getAsBoolean()) {
                awaitMade();
                closeWhenMade(close);
                return Optional.empty();
            }
            Optional<T> made = made(close);
            handedOver = made.isPresent();
            return made;
        }

        /** Closes it once made, on another thread, unless a command took it; never waits. */
        void abandon(Consumer<T> close) {
            if (claim()) {
                closeWhenMade(close);
            }
        }

        /** Whether it is there to be taken or closed, and this caller is the one who does. */
        private synchronized boolean claim() {
            if (!wanted || taken) {
                return false;
            }
            taken = true;
            return true;
        }

        private void closeWhenMade(Consumer<T> close) {
            closing = making.thenAcceptAsync(close, CLOSER).exceptionally(failedToMake -> null);
        }

        /** Returns once making it is over, however it ended. */
        private void awaitMade() {
            try {
                making.get();
            } catch (ExecutionException failed) {
                // Nothing to close then.
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private Optional<T> made(Consumer<T> close) {
            try {
                return Optional.of(making.get());
            } catch (ExecutionException failed) {
                return Optional.empty();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                // Still being made: closed as soon as it is.
                making.thenAccept(close);
                return Optional.empty();
            }
        }
    }
}
