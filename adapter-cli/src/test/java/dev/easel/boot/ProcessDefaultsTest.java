package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProcessDefaultsTest {

    @Test
    void theJdkKeepsAnIdleConnectionForEveryCallWorker() {
        Properties properties = new Properties();

        ProcessDefaults.apply(properties);

        assertThat(properties.getProperty("http.maxConnections")).isEqualTo(String.valueOf(CoreModule.CALL_THREADS));
        assertThat(CoreModule.CALL_THREADS).isGreaterThan(5);
    }

    @Test
    void slf4jIsToldWhichProviderToTakeAndKeepsItsNoticesToItself() {
        Properties properties = new Properties();

        ProcessDefaults.apply(properties);

        assertThat(properties.getProperty("slf4j.provider")).isEqualTo("dev.easel.boot.LogSetup$Provider");
        assertThat(properties.getProperty("slf4j.internal.verbosity")).isEqualTo("WARN");
    }

    @Test
    void aValueGivenToTheJvmWins() {
        Properties properties = new Properties();
        properties.setProperty("http.maxConnections", "3");
        properties.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");

        ProcessDefaults.apply(properties);

        assertThat(properties.getProperty("http.maxConnections")).isEqualTo("3");
        assertThat(properties.getProperty("slf4j.provider")).isEqualTo("ch.qos.logback.classic.spi.LogbackServiceProvider");
    }
}
