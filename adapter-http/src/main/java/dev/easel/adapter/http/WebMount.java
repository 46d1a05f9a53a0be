package dev.easel.adapter.http;

import jakarta.servlet.http.HttpServlet;
import java.util.Objects;

/**
 * A servlet that another module provides (the MCP streamable HTTP transport), served by the web
 * front at {@code path} behind the same API keys and request size limit as the JSON API. The
 * composition root hands it over, so that this module imports no other adapter.
 */
public record WebMount(String path, HttpServlet servlet) {

    public WebMount {
        Objects.requireNonNull(servlet, "servlet");
        if (path == null || !path.startsWith("/") || path.startsWith("/api/") || path.startsWith("/v1/")
                || path.startsWith("/files/") || path.equals("/")) {
            throw new IllegalArgumentException("a mount needs its own path, not \"" + path + "\"");
        }
    }
}
