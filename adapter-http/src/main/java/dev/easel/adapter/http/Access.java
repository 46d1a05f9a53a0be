package dev.easel.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may do what. Programs send an API key as a bearer token; the studio signs in once with a key
 * and then holds a session cookie (HttpOnly, SameSite=Strict), and every state-changing request it
 * makes must also carry the session's CSRF token in a header, which another site cannot read nor
 * send. File URLs are signed, so a link the gateway hands out works without a key, like a CDN link,
 * and cannot be forged for another file. With no keys configured (loopback only), everything is open.
 */
final class Access {

    static final String SESSION_COOKIE = "easel_session";
    static final String CSRF_HEADER = "X-Easel-Csrf";

    private final WebSettings settings;
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    Access(WebSettings settings) {
        this.settings = settings;
    }

    boolean open() {
        return settings.open();
    }

    /** Whether this request may use the API; for browser sessions, state changes also need the CSRF header. */
    boolean allows(Context ctx, boolean changesState) {
        if (settings.open()) {
            return true;
        }
        Optional<String> bearer = bearer(ctx);
        if (bearer.isPresent()) {
            return isKey(bearer.get());
        }
        String csrf = session(ctx);
        if (csrf == null) {
            return false;
        }
        return !changesState || constantTimeEquals(csrf, Optional.ofNullable(ctx.header(CSRF_HEADER)).orElse(""));
    }

    boolean isKey(String candidate) {
        for (String key : settings.apiKeys()) {
            if (constantTimeEquals(key, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Starts a browser session and returns its CSRF token. */
    String signIn(Context ctx) {
        String session = token();
        String csrf = token();
        sessions.put(session, csrf);
        Cookie cookie = new Cookie(SESSION_COOKIE, session);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        cookie.setSecure("https".equalsIgnoreCase(ctx.scheme()));
        ctx.cookie(cookie);
        return csrf;
    }

    void signOut(Context ctx) {
        String session = ctx.cookie(SESSION_COOKIE);
        if (session != null) {
            sessions.remove(session);
        }
        ctx.removeCookie(SESSION_COOKIE, "/");
    }

    /** The CSRF token of the request's session, or null without a valid session. */
    String session(Context ctx) {
        String session = ctx.cookie(SESSION_COOKIE);
        return session == null ? null : sessions.get(session);
    }

    String sign(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.urlSecret(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    boolean signatureValid(String key, String signature) {
        return signature != null && constantTimeEquals(sign(key), signature);
    }

    private static Optional<String> bearer(Context ctx) {
        return bearer(ctx.header("Authorization"));
    }

    /** The token of an {@code Authorization: Bearer} header value. */
    static Optional<String> bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    private String token() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
