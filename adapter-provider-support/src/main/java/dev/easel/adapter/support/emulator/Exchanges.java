package dev.easel.adapter.support.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** What every emulator answers alike, on the JDK's {@link HttpExchange}. */
public final class Exchanges {

    private Exchanges() {
    }

    /** Answers {@code status} with a JSON body of a known length. */
    public static void sendJson(HttpExchange exchange, int status, byte[] json) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    /** Whether the request carries {@code Authorization: Bearer <secret>}, compared in constant time. */
    public static boolean hasBearer(HttpExchange exchange, String secret) {
        String header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        return MessageDigest.isEqual(("Bearer " + secret).getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Serves a picture as PNG or JPEG ({@code ext}) with its Content-Length; with {@code truncate},
     * only its first half, then the connection breaks, as a CDN's sometimes does.
     *
     * @throws BrokenOnPurpose after the first half, when truncating
     */
    public static void sendPicture(HttpExchange exchange, byte[] bytes, String ext, boolean truncate) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "jpeg".equals(ext) ? "image/jpeg" : "image/png");
        exchange.sendResponseHeaders(200, bytes.length);
        OutputStream out = exchange.getResponseBody();
        if (truncate) {
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            throw new BrokenOnPurpose("download truncated on purpose");
        }
        out.write(bytes);
    }
}
