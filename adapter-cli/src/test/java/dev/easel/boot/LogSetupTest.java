package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
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
}
