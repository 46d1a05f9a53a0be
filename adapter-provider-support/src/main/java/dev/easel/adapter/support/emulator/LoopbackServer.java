package dev.easel.adapter.support.emulator;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An emulator's HTTP server: the JDK's own, on loopback only, with a bounded pool of daemon threads
 * as large as the accept backlog (64), so that more clients at once wait in line rather than each
 * getting a thread.
 */
public final class LoopbackServer implements AutoCloseable {

    private static final int THREADS = 64;

    /*
     * The JDK's HTTP server leaves Nagle's algorithm on unless this property is true, and it writes a
     * response's headers and body separately: each answer on a kept-alive connection then waits for
     * the client's delayed ACK (about 40 ms on Linux), and benchmarks measure the emulator instead of
     * its client. The server reads the property once per JVM, when its first instance is made
     * (sun.net.httpserver.ServerConfig's static initialiser), so it is set here, before this class
     * can make one, unless the JVM was started with a value of its own.
     */
    static {
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on 127.0.0.1 and serves every path with {@code handler}.
     *
     * @param port 0 for any free port
     * @param threadName the name of the server's threads, as thread dumps show them
     */
    public static LoopbackServer start(int port, String threadName, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), THREADS);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new LoopbackServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The server's threads, for background work of the emulator's own. */
    public Executor executor() {
        return executor;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
