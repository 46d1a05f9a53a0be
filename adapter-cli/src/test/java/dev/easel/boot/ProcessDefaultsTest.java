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
    void aValueGivenToTheJvmWins() {
        Properties properties = new Properties();
        properties.setProperty("http.maxConnections", "3");

        ProcessDefaults.apply(properties);

        assertThat(properties.getProperty("http.maxConnections")).isEqualTo("3");
    }
}
