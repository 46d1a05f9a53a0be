package dev.easel.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
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
        ClassLoader loader = LogSetup.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getProperty("EASEL_LOG", System.getenv("EASEL_LOG")));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Stderr at the given level name ({@code WARN} when absent or not a level), Jetty at {@code WARN},
     * the journal import's report at {@code INFO}.
     */
    static void apply(LoggerContext context, String levelName) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("easel: %level %logger{0}: %msg%n");
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
}
