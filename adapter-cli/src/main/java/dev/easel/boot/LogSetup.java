package dev.easel.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter;
import java.util.Locale;

/**
 * Easel's logging set up in code: warnings and errors on stderr (stdout carries data), {@code EASEL_LOG}
 * for more. Logback finds it as a service before it would look for a {@code logback.xml}; reading and
 * interpreting an XML file cost more than anything else when a command first logged. A
 * {@code logback.xml} or {@code logback-test.xml} on the class path, or {@code -Dlogback.configurationFile},
 * still wins: this steps aside for them.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (overridden()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, level());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether a Logback configuration file is given, which then wins over this set-up. */
    static boolean overridden() {
        ClassLoader loader = LogSetup.class.getClassLoader();
        return System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null;
    }

    private static String level() {
        return System.getProperty("EASEL_LOG", System.getenv("EASEL_LOG"));
    }

    /**
     * Stderr at the given level name ({@code WARN} when absent or not a level), Jetty at {@code WARN},
     * the journal import's report at {@code INFO}.
     */
    static void apply(LoggerContext context, String levelName) {
        Line line = new Line();
        line.setContext(context);
        line.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(line);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(levelName == null || levelName.isBlank() ? Level.WARN
                : Level.toLevel(levelName.trim().toUpperCase(Locale.ROOT), Level.WARN));
        root.addAppender(stderr);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        // The one-line report of a JSON-lines journal imported into the database.
        context.getLogger("dev.easel.adapter.storage.sql.JournalImport").setLevel(Level.INFO);
    }

    /**
     * Logback for the {@code easel} process, set up straight away with {@link #apply}: what Logback's own
     * provider does, without its auto-configuration around it (checking its jars' versions, looking up
     * configurators as services, timing each one with messages built by string concatenation bootstraps),
     * which took 10-20 ms of CPU before the journal or the session could log (decision 0024). SLF4J takes it
     * when named by {@code slf4j.provider}, which {@link ProcessDefaults} sets for the {@code easel}
     * process only; an application embedding Easel keeps Logback's provider and this class's configurator.
     * With a Logback configuration file given, it configures Logback the usual way.
     */
    public static final class Provider extends LogbackServiceProvider {

        @Override
        public void initialize() {
            if (overridden()) {
                super.initialize();
            } else {
                setUp(level());
            }
        }

        /** Logback's context set up by {@link #apply} at the given {@code EASEL_LOG} level, and started. */
        void setUp(String levelName) {
            LoggerContext context = (LoggerContext) getLoggerFactory();
            context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
            context.setMDCAdapter(getMDCAdapter());
            apply(context, levelName);
            // Asked first: StatusPrinter's class makes a date formatter when it loads (java.time's pattern
            // parser and locale data, 5 ms of CPU on the thread every early one waits for).
            if (!new StatusUtil(context).isWarningOrErrorFree(0)) {
                StatusPrinter.printInCaseOfErrorsOrWarnings(context);
            }
            context.start();
        }
    }

    /**
     * A line for the person at the terminal: {@code easel: warning: message}, {@code easel: error:
     * message}, a notice ({@code INFO}, such as the journal import's report) as {@code easel: message};
     * with {@code EASEL_LOG=debug} or {@code trace}, those levels' lines also name the class, for
     * whoever is chasing a problem ({@code easel: DEBUG Logger: message}). Then the stack trace of an
     * exception if there is one. Written by hand rather than with a pattern: Logback's converter table
     * and parser cost more than a short command should.
     */
    static final class Line extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(128).append("easel: ");
            Level level = event.getLevel();
            if (level.isGreaterOrEqual(Level.ERROR)) {
                line.append("error: ");
            } else if (level.isGreaterOrEqual(Level.WARN)) {
                line.append("warning: ");
            } else if (!level.isGreaterOrEqual(Level.INFO)) {
                String logger = event.getLoggerName();
                line.append(level).append(' ').append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ");
            }
            line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown));
            }
            return line.toString();
        }
    }
}
