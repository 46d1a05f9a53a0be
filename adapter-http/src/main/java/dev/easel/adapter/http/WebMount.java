package dev.easel.adapter.http;

import jakarta.servlet.http.HttpServlet;
import java.util.Objects;

/**
 * A servlet that another module provides (the MCP streamable HTTP transport), served by the web
 * front at {@code path} behind the same Host/Origin checks, API keys, request rate and size limit as
 * the JSON API. The composition root hands it over, so that this module imports no other adapter.
 *
 * <p>Each request reaches the servlet with {@link #JOB_SLOTS}, a {@code Supplier<Optional<Runnable>>}
 * (JDK types only): it takes one of the caller's jobs in flight ({@code EASEL_MAX_ACTIVE_PER_KEY}),
 * returning what gives it back, or nothing when the caller is at its limit; and, when the caller
 * used one of the server's API keys, with {@link #REQUESTED_BY}, the key's name (a String), which the
 * servlet records with the jobs it submits.
 */
public record WebMount(String path, HttpServlet servlet) {

    /** The request attribute holding the caller's job slots. */
    public static final String JOB_SLOTS = "dev.easel.job-slots";

    /** The request attribute holding the name of the caller's API key; absent on a server without keys. */
    public static final String REQUESTED_BY = "dev.easel.requested-by";

    public WebMount {
        Objects.requireNonNull(servlet, "servlet");
        if (path == null || !path.startsWith("/") || path.startsWith("/api/") || path.startsWith("/v1/")
                || path.startsWith("/files/") || path.equals("/")) {
            throw new IllegalArgumentException("a mount needs its own path, not \"" + path + "\"");
        }
    }
}
