package dev.easel.boot;

import java.util.Properties;

/**
 * The JDK's and SLF4J's settings the {@code easel} process runs with, unless the JVM was given its
 * own value. They hold for the whole process, so the composition root sets them when it owns the
 * process ({@link Main#main}), never a provider adapter that an application embeds (decision 0022).
 */
final class ProcessDefaults {

    /**
     * How many idle connections to one host the JDK's {@code HttpURLConnection} keeps for reuse: at
     * least the scheduler's call workers. The JDK's default, 5, had every wave of a batch open most of
     * its connections anew, each a TCP (and, at a real provider, TLS) handshake before the request.
     * The JDK reads it once, when it first keeps a connection, so it is set before any call is made.
     */
    static final String KEPT_CONNECTIONS = "http.maxConnections";

    /**
     * The SLF4J provider, named rather than looked up as a service in the jar: Easel's set-up of Logback
     * ({@link LogSetup.Provider}). SLF4J then says on stderr which provider it was told to take, unless
     * its own messages are limited to warnings and errors, as they are here.
     */
    static final String LOGGING_PROVIDER = "slf4j.provider";
    static final String LOGGING_MESSAGES = "slf4j.internal.verbosity";

    private ProcessDefaults() {
    }

    /** Sets each default that {@code properties} (the system properties) do not already hold. */
    static void apply(Properties properties) {
        properties.putIfAbsent(KEPT_CONNECTIONS, String.valueOf(CoreModule.CALL_THREADS));
        properties.putIfAbsent(LOGGING_PROVIDER, LogSetup.Provider.class.getName());
        properties.putIfAbsent(LOGGING_MESSAGES, "WARN");
    }
}
