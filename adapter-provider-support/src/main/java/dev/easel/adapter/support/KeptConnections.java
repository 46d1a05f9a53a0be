package dev.easel.adapter.support;

/**
 * How many idle connections to one host the JDK's {@code HttpURLConnection} keeps for reuse. Its
 * default, 5, is fewer than the calls a batch makes at once (up to 32 call workers): every wave then
 * opened most of its connections anew, each a TCP (and, at a real provider, TLS) handshake before the
 * request. The JDK reads {@code http.maxConnections} once, when it first keeps a connection, so it is
 * set here, before a provider's client makes its first call, unless the JVM was started with a value
 * of its own.
 */
public final class KeptConnections {

    /** At least the scheduler's call workers, so that none of their connections is closed after one use. */
    public static final int PER_HOST = 32;

    static {
        System.getProperties().putIfAbsent("http.maxConnections", String.valueOf(PER_HOST));
    }

    private KeptConnections() {
    }

    /** Makes sure the setting is in place; call before a client's first request. */
    public static void ensure() {
        // The static initialiser did the work.
    }
}
