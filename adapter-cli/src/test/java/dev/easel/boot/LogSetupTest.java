package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogSetupTest {

    @Test
    void logsWarningsToStderrUnlessEaselLogAsksForMore() {
        LoggerContext quiet = new LoggerContext();
        LogSetup.apply(quiet, null);
        LoggerContext chatty = new LoggerContext();
        LogSetup.apply(chatty, " debug ");
        LoggerContext mistyped = new LoggerContext();
        LogSetup.apply(mistyped, "loud");

        assertThat(quiet.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(chatty.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(mistyped.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(chatty.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(quiet.getLogger("dev.easel.adapter.storage.sql.JournalImport").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(quiet.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"))
                .isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
                    assertThat(appender.getTarget()).isEqualTo("System.err");
                    assertThat(appender.isStarted()).isTrue();
                });
    }

    @Test
    void theProcessProviderSetsLogbackUpTheSameWayWithoutItsAutoConfiguration() throws Exception {
        LogSetup.Provider provider = new LogSetup.Provider();

        provider.setUp(null);

        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        assertThat(context.isStarted()).isTrue();
        assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"))
                .isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
                    assertThat(appender.getTarget()).isEqualTo("System.err");
                    assertThat(appender.getEncoder()).isInstanceOfSatisfying(LayoutWrappingEncoder.class,
                            encoder -> assertThat(encoder.getLayout()).isInstanceOf(LogSetup.Line.class));
                });
        assertThat(context.getLogger("dev.easel.adapter.storage.sql.JournalImport").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void theProcessProviderLeavesAConfigurationFileToLogback() {
        // The test class path holds a logback-test.xml (its pattern has no "easel: " prefix).
        assertThat(LogSetup.overridden()).isTrue();
        LogSetup.Provider provider = new LogSetup.Provider();

        provider.initialize();

        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        assertThat(context.isStarted()).isTrue();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"))
                .isInstanceOfSatisfying(ConsoleAppender.class, appender -> assertThat(appender.getEncoder())
                        .isInstanceOfSatisfying(PatternLayoutEncoder.class,
                                encoder -> assertThat(encoder.getPattern()).isEqualTo("%level %logger{0}: %msg%n")));
    }

    @Test
    void aLineSaysWarningOrErrorThenTheMessageThenAnyStackTraceAndNamesTheClassOnlyForDebugging() {
        LoggerContext context = new LoggerContext();
        LogSetup.Line line = new LogSetup.Line();
        line.setContext(context);
        line.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("dev.easel.adapter.runcomfy.RunComfyModelCatalog");

        String plain = line.doLayout(new LoggingEvent("test", logger, Level.WARN, "cache {} unreadable", null,
                new Object[] {"x.json"}));
        String failed = line.doLayout(new LoggingEvent("test", logger, Level.ERROR, "gave up", new IllegalStateException("boom"),
                null));
        String notice = line.doLayout(new LoggingEvent("test", logger, Level.INFO, "imported 3 jobs", null, null));
        String debug = line.doLayout(new LoggingEvent("test", logger, Level.DEBUG, "GET /v1/models", null, null));

        assertThat(plain).isEqualTo("easel: warning: cache x.json unreadable" + System.lineSeparator());
        assertThat(failed).startsWith("easel: error: gave up" + System.lineSeparator()
                + "java.lang.IllegalStateException: boom").contains("\tat dev.easel.boot.LogSetupTest")
                .endsWith(System.lineSeparator());
        assertThat(notice).isEqualTo("easel: imported 3 jobs" + System.lineSeparator());
        assertThat(debug).isEqualTo("easel: DEBUG RunComfyModelCatalog: GET /v1/models" + System.lineSeparator());
    }
}
