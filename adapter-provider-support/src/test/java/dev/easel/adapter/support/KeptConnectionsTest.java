package dev.easel.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeptConnectionsTest {

    @Test
    void theJdkKeepsAsManyIdleConnectionsToAHostAsTheSchedulerHasCallWorkers() {
        String before = System.getProperty("http.maxConnections");

        KeptConnections.ensure();

        // A value given to the JVM wins; without one, the JDK's 5 is raised.
        assertThat(System.getProperty("http.maxConnections"))
                .isEqualTo(before != null ? before : String.valueOf(KeptConnections.PER_HOST));
        assertThat(KeptConnections.PER_HOST).isGreaterThanOrEqualTo(32);
    }
}
