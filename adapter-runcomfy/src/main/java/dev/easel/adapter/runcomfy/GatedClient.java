package dev.easel.adapter.runcomfy;

import feign.Client;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Feign's {@code HttpURLConnection} client with request bodies streamed, whose calls made inside
 * {@link #gated} send their request only once a gate has returned: the gate runs on the caller's
 * thread while the connection is opened, or a kept-alive one taken and checked (the JDK's check
 * before a streamed POST, about a millisecond: decision 0023), on a thread of this client's. A
 * submit thereby checks its connection while the job's claim is being committed (decision 0027),
 * and sends nothing if the gate throws.
 */
final class GatedClient extends Client.Default {

    private static final ThreadLocal<Runnable> GATE = new ThreadLocal<>();
    /** Threads that open connections for gated calls; a call none is free for opens its own. */
    private static final int OPENERS = 4;

    private final ThreadPoolExecutor opening = new ThreadPoolExecutor(OPENERS, OPENERS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "easel-runcomfy-connect");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.AbortPolicy());

    GatedClient() {
        // Request bodies are streamed, not buffered: a buffered POST whose answer is lost on a reused
        // connection is sent again by the JDK itself, which could pay for a job twice.
        super(null, null, true);
        opening.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code call} on this thread with {@code gate} before each request it sends. */
    static <T> T gated(Runnable gate, Supplier<T> call) {
        Runnable outer = GATE.get();
        GATE.set(gate);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                GATE.remove();
            } else {
                GATE.set(outer);
            }
        }
    }

    @Override
    public HttpURLConnection getConnection(URL url) throws IOException {
        HttpURLConnection connection = super.getConnection(url);
        Runnable gate = GATE.get();
        return gate == null ? connection : new GatedConnection(connection, gate, opening);
    }
}
