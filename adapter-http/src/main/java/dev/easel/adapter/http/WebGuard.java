package dev.easel.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import jakarta.servlet.http.HttpServletRequest;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.RouteRole;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The web front's door, in two steps that every route passes, including routes added later:
 *
 * <ol>
 *   <li>{@link #checkRequest(Context)}, a before-handler for every path: the {@code Host} must name
 *       this server (a loopback name, the address the connection came in on, or the host of
 *       {@code EASEL_PUBLIC_URL}), which defeats DNS rebinding; and a state-changing request must not
 *       come from another site ({@code Sec-Fetch-Site}) nor carry a foreign {@code Origin}.</li>
 *   <li>{@link #authorize(Context)}, a before-matched handler: the route's {@link Role}s say who may
 *       call it; without a role it needs a client (see {@link Role}). Each client's requests are
 *       rate-limited; the client's name is left in the context for the handler ({@link #client(Context)}).</li>
 * </ol>
 */
final class WebGuard {

    static final String CLIENT_ATTRIBUTE = "easel.client";
    private static final int MISDIRECTED = 421;
    private static final int TOO_MANY = 429;
    private static final int FORBIDDEN = 403;

    private final WebSettings settings;
    private final Access access;
    private final Throttle requests;
    private final Throttle signIns;

    WebGuard(WebSettings settings, Access access, Clock clock) {
        this.settings = settings;
        this.access = access;
        this.requests = new Throttle(settings.limits().requestsPerMinutePerKey(), Duration.ofMinutes(1), clock);
        this.signIns = new Throttle(settings.limits().signInAttemptsPerMinute(), Duration.ofMinutes(1), clock);
    }

    /** The facts about a request that the Host and Origin checks read, from Javalin or from a servlet. */
    record RequestFacts(String method, String host, String origin, String fetchSite, String localAddress, String scheme) {

        static RequestFacts of(Context ctx) {
            return of(ctx.req());
        }

        static RequestFacts of(HttpServletRequest request) {
            return new RequestFacts(request.getMethod(), request.getHeader("Host"), request.getHeader("Origin"),
                    request.getHeader("Sec-Fetch-Site"), request.getLocalAddr(), request.getScheme());
        }

        boolean changesState() {
            return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
        }

        boolean fromBrowser() {
            return origin != null || fetchSite != null;
        }
    }

    /** Why a request is refused, as an HTTP status and a message. */
    record Refusal(int status, String message) {
    }

    /** Host and Origin checks, for every request. */
    void checkRequest(Context ctx) {
        refusal(RequestFacts.of(ctx)).ifPresent(refusal -> {
            throw new HttpResponseException(refusal.status(), refusal.message());
        });
    }

    /**
     * The Host and Origin checks on plain request facts: what {@link #checkRequest(Context)} applies
     * to every Javalin route, and what a servlet mounted beside them (see {@link MountGuard}) applies too.
     */
    Optional<Refusal> refusal(RequestFacts request) {
        String host = hostName(request.host());
        if (host == null || !knownHost(request, host)) {
            return Optional.of(new Refusal(MISDIRECTED, "this server does not answer for the host \"" + abbreviate(request.host())
                    + "\": use a loopback address, or set EASEL_PUBLIC_URL to the address it is reached at"));
        }
        if (!request.changesState()) {
            return Optional.empty();
        }
        String site = request.fetchSite();
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return Optional.of(new Refusal(FORBIDDEN, "cross-site requests may not change anything (Sec-Fetch-Site: "
                    + abbreviate(site) + ")"));
        }
        String origin = request.origin();
        if (origin != null && !sameOrigin(request, origin)) {
            return Optional.of(new Refusal(FORBIDDEN, "requests from the origin \"" + abbreviate(origin) + "\" may not change anything"));
        }
        return Optional.empty();
    }

    /**
     * For a mounted servlet, which serves programs: an API key when the server has keys (no browser
     * session there), then the key's request rate. Empty when the request may go on; the client's name
     * is then left in the request's {@link #CLIENT_ATTRIBUTE}.
     */
    Optional<Refusal> programRefusal(HttpServletRequest request, java.util.function.BiConsumer<String, String> header) {
        Optional<String> bearer = Access.bearer(request.getHeader("Authorization"));
        String client;
        Optional<String> named = bearer.flatMap(access::nameOf);
        if (named.isPresent()) {
            client = named.get();
        } else if (access.open()) {
            client = Access.OPEN_CLIENT;
        } else {
            header.accept("WWW-Authenticate", "Bearer");
            return Optional.of(new Refusal(401, "an Easel API key is required: send Authorization: Bearer <key>"));
        }
        Optional<Duration> wait = requests.take(client);
        if (wait.isPresent()) {
            header.accept("Retry-After", String.valueOf(Throttle.retryAfterSeconds(wait.get())));
            return Optional.of(new Refusal(TOO_MANY, "too many requests for this key (at most "
                    + settings.limits().requestsPerMinutePerKey() + " a minute)"));
        }
        request.setAttribute(CLIENT_ATTRIBUTE, client);
        return Optional.empty();
    }

    /** Who may call the matched route; sets the client for the handler. */
    void authorize(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Role.OPEN)) {
            return;
        }
        if (roles.contains(Role.FILE_LINK) && access.linkValid(ctx.pathParamMap().getOrDefault("key", ""),
                ctx.queryParam("exp"), ctx.queryParam("sig"))) {
            return;
        }
        String client = client(ctx, changesState(ctx));
        Optional<Duration> wait = requests.take(client);
        if (wait.isPresent()) {
            throw tooMany(ctx, wait.get(), "too many requests for this key (at most "
                    + settings.limits().requestsPerMinutePerKey() + " a minute)");
        }
        ctx.attribute(CLIENT_ATTRIBUTE, client);
    }

    /** Spends one sign-in attempt of the request's address, or answers 429. */
    void throttleSignIn(Context ctx) {
        signIns.take(ctx.ip()).ifPresent(wait -> {
            throw tooMany(ctx, wait, "too many sign-in attempts from this address; wait before trying again");
        });
    }

    /** The client {@link #authorize(Context)} found for this request. */
    static String client(Context ctx) {
        String client = ctx.attribute(CLIENT_ATTRIBUTE);
        if (client == null) {
            throw new IllegalStateException("the route " + ctx.endpoint().path + " has no client: it is declared OPEN");
        }
        return client;
    }

    /**
     * A key's client; else a session's (whose state changes need its CSRF token); else, on an open
     * server, a program (a request a browser did not make: no Origin, no Sec-Fetch-Site).
     */
    private String client(Context ctx, boolean changes) {
        if (access.hasBearer(ctx)) {
            String client = access.bearerClient(ctx).orElse("");
            if (!client.isEmpty()) {
                return client;
            }
            if (!access.open()) {
                throw new UnauthorizedResponse("that is not one of this server's API keys");
            }
            return Access.OPEN_CLIENT;
        }
        Optional<String> session = access.sessionClient(ctx);
        if (session.isPresent()) {
            if (changes && !access.csrfMatches(ctx)) {
                throw new UnauthorizedResponse("missing or wrong " + Access.CSRF_HEADER + " header: reload the studio");
            }
            return session.get();
        }
        if (access.open()) {
            if (changes && fromBrowser(ctx)) {
                throw new ForbiddenResponse("a browser must use the studio's session and its " + Access.CSRF_HEADER
                        + " header to change anything: reload the studio");
            }
            return Access.OPEN_CLIENT;
        }
        throw new UnauthorizedResponse("an Easel API key is required: send Authorization: Bearer <key>, or sign in to the studio");
    }

    /** The base of absolute links: {@code EASEL_PUBLIC_URL}, else the loopback address and port the request came in on. */
    String baseUrl(Context ctx) {
        return settings.publicUrl().map(URI::toString).orElseGet(() -> {
            String local = ctx.req().getLocalAddr();
            boolean loopback = local != null && (local.startsWith("127.") || local.equals("::1") || local.equals("0:0:0:0:0:0:0:1"));
            String address = !loopback ? "127.0.0.1" : local.contains(":") ? "[" + local + "]" : local;
            return "http://" + address + ":" + ctx.req().getLocalPort();
        });
    }

    static boolean changesState(Context ctx) {
        return RequestFacts.of(ctx).changesState();
    }

    private static boolean fromBrowser(Context ctx) {
        return RequestFacts.of(ctx).fromBrowser();
    }

    private boolean knownHost(RequestFacts request, String host) {
        if (isLoopbackName(host)) {
            return true;
        }
        if (settings.publicUrl().map(u -> u.getHost().toLowerCase(Locale.ROOT)).filter(host::equals).isPresent()) {
            return true;
        }
        // The literal address the connection came in on cannot be a rebinding name.
        String local = request.localAddress();
        return local != null && host.equals(hostName(local.contains(":") ? "[" + local + "]" : local));
    }

    static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.equals("[::1]")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The host name of a Host header (or an address), lower case, without the port; null when malformed. */
    static String hostName(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI("http://" + header.trim() + "/");
            String host = uri.getHost();
            if (host == null || uri.getRawUserInfo() != null) {
                return null;
            }
            host = host.toLowerCase(Locale.ROOT);
            if (host.startsWith("[")) {
                return "[" + normalizeV6(host.substring(1, host.length() - 1)) + "]";
            }
            return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String normalizeV6(String address) {
        return address.equals("0:0:0:0:0:0:0:1") ? "::1" : address;
    }

    /** Whether {@code origin} is the public URL's origin, or names the same host and port as the Host header. */
    private boolean sameOrigin(RequestFacts request, String origin) {
        URI parsed;
        try {
            parsed = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (parsed.getScheme() == null || parsed.getHost() == null) {
            return false;
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        String host = hostName(parsed.getRawAuthority());
        int port = parsed.getPort() >= 0 ? parsed.getPort() : scheme.equals("https") ? 443 : 80;
        Optional<URI> pub = settings.publicUrl();
        if (pub.isPresent()) {
            URI p = pub.get();
            int publicPort = p.getPort() >= 0 ? p.getPort() : p.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            if (scheme.equalsIgnoreCase(p.getScheme()) && p.getHost().equalsIgnoreCase(host) && port == publicPort) {
                return true;
            }
        }
        String hostHeader = request.host();
        String requestHost = hostName(hostHeader);
        int requestPort = portOf(hostHeader, request.scheme());
        return host != null && host.equals(requestHost) && port == requestPort;
    }

    private static int portOf(String hostHeader, String scheme) {
        try {
            int port = new URI("http://" + hostHeader.trim() + "/").getPort();
            return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        } catch (URISyntaxException e) {
            return -1;
        }
    }

    private static HttpResponseException tooMany(Context ctx, Duration wait, String message) {
        ctx.header("Retry-After", String.valueOf(Throttle.retryAfterSeconds(wait)));
        return new HttpResponseException(TOO_MANY, message);
    }

    /** Header text echoed in a message: short, printable. */
    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
