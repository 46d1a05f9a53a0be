package dev.easel.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who is asking. Programs send an API key as a bearer token; the studio holds a session cookie
 * (HttpOnly, SameSite=Strict, Secure when the public URL is https) got by signing in with a key, or
 * given freely on an open server, and every state-changing request it makes must also carry the
 * session's CSRF token in a header, which another site can neither read nor send. Sessions end after
 * an idle time and an absolute lifetime, and there are at most a fixed number of them. File URLs
 * are signed with an expiry, so a link the gateway hands out works without a key for a while, like a
 * CDN link, and cannot be forged for another file or made to last longer.
 *
 * <p>A client is named by its key's name ({@link ApiKey}: {@code alice}, or {@code key2} for the
 * second key when it has none), never by the key or any digest of it, so that limits, logs, maps and
 * the journal never hold a secret; an open server's clients share the name {@code open}.
 */
final class Access {

    static final String SESSION_COOKIE = "easel_session";
    static final String CSRF_HEADER = "X-Easel-Csrf";
    static final String OPEN_CLIENT = "open";

    private final WebSettings settings;
    private final Clock clock;
    private final List<ApiKey> keys;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private static final class Session {
        final String csrf;
        final String client;
        final Instant created;
        volatile Instant seen;

        Session(String csrf, String client, Instant created) {
            this.csrf = csrf;
            this.client = client;
            this.created = created;
            this.seen = created;
        }
    }

    Access(WebSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.keys = settings.keys();
    }

    boolean open() {
        return settings.open();
    }

    /** The bearer key's client name, when the request carries one of this server's keys; empty without a bearer. */
    Optional<String> bearerClient(Context ctx) {
        return bearer(ctx).map(key -> nameOf(key).orElse(""));
    }

    boolean hasBearer(Context ctx) {
        return bearer(ctx).isPresent();
    }

    boolean isKey(String candidate) {
        return nameOf(candidate).isPresent();
    }

    /**
     * The name of the key {@code candidate} is, if it is one of this server's: every key is compared,
     * in constant time, so the answer's timing tells nothing of which key nearly matched.
     */
    Optional<String> nameOf(String candidate) {
        String found = null;
        for (ApiKey key : keys) {
            if (constantTimeEquals(key.secret(), candidate)) {
                found = key.name();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Starts a browser session for {@code client}, sets its cookie, and returns its CSRF token. */
    String signIn(Context ctx, String client) {
        Instant now = clock.instant();
        makeRoom(now);
        String id = token();
        Session session = new Session(token(), client, now);
        sessions.put(id, session);
        Cookie cookie = new Cookie(SESSION_COOKIE, id);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        cookie.setSecure(settings.secure());
        cookie.setMaxAge((int) settings.limits().sessionLifetime().toSeconds());
        ctx.cookie(cookie);
        return session.csrf;
    }

    void signOut(Context ctx) {
        String id = ctx.cookie(SESSION_COOKIE);
        if (id != null) {
            sessions.remove(id);
        }
        ctx.removeCookie(SESSION_COOKIE, "/");
    }

    /** The request's live session's CSRF token, or empty; using a session keeps it alive. */
    Optional<String> csrf(Context ctx) {
        return live(ctx).map(s -> s.csrf);
    }

    /** The client of the request's live session, or empty. */
    Optional<String> sessionClient(Context ctx) {
        return live(ctx).map(s -> s.client);
    }

    boolean csrfMatches(Context ctx) {
        String sent = ctx.header(CSRF_HEADER);
        return sent != null && live(ctx).map(s -> constantTimeEquals(s.csrf, sent)).orElse(false);
    }

    int sessionCount() {
        return sessions.size();
    }

    private Optional<Session> live(Context ctx) {
        String id = ctx.cookie(SESSION_COOKIE);
        Session session = id == null ? null : sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.seen = now;
        return Optional.of(session);
    }

    private boolean expired(Session session, Instant now) {
        WebLimits limits = settings.limits();
        return !now.isBefore(session.seen.plus(limits.sessionIdle())) || !now.isBefore(session.created.plus(limits.sessionLifetime()));
    }

    /** Drops expired sessions, then, at the cap, the one idle longest. */
    private void makeRoom(Instant now) {
        if (sessions.size() < settings.limits().maxSessions()) {
            return;
        }
        sessions.values().removeIf(s -> expired(s, now));
        while (sessions.size() >= settings.limits().maxSessions()) {
            sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().seen))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
    }

    /** The query string that makes {@code /files/<key>} valid without a client until the expiry (rounded up to the hour). */
    String signedQuery(String key) {
        long hour = Duration.ofHours(1).toSeconds();
        long expires = Math.floorDiv(clock.instant().plus(settings.limits().fileLinkLifetime()).getEpochSecond() + hour - 1, hour) * hour;
        return "exp=" + expires + "&sig=" + sign(key, expires);
    }

    boolean linkValid(String key, String expires, String signature) {
        if (expires == null || signature == null || !expires.matches("\\d{1,12}")) {
            return false;
        }
        long at = Long.parseLong(expires);
        return constantTimeEquals(sign(key, at), signature) && clock.instant().getEpochSecond() < at;
    }

    private String sign(String key, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.urlSecret(), "HmacSHA256"));
            byte[] message = (key + "\n" + expires).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(mac.doFinal(message)).substring(0, 32);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
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
