package dev.easel.adapter.support;

import dev.easel.core.error.ConfigurationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The hosts outputs may be downloaded from: exact names, or {@code *.domain} for any sub-domain.
 * Anything else is refused, so a result can never make Easel fetch from an arbitrary host, nor send
 * credentials written into a URL. Every hop is HTTPS, except to this machine (loopback) or when plain
 * HTTP is explicitly allowed for a test server ({@code EASEL_ALLOW_HTTP=true}): a paid output, or a
 * redirect, never travels in clear.
 */
public final class HostPolicy {

    private final List<String> patterns;
    private final boolean allowPlainHttp;

    private HostPolicy(List<String> patterns, boolean allowPlainHttp) {
        this.patterns = List.copyOf(patterns);
        this.allowPlainHttp = allowPlainHttp;
    }

    /** The comma-separated {@code patterns}, plus the API's own host; HTTPS only, but to loopback. */
    public static HostPolicy of(String patterns, URI apiBase) {
        return of(patterns, apiBase, false);
    }

    /**
     * As {@link #of(String, URI)}; {@code allowPlainHttp} lets plain HTTP reach any allowed host (test servers).
     *
     * @throws ConfigurationException naming the pattern that is not a host name or {@code *.domain}
     */
    public static HostPolicy of(String patterns, URI apiBase, boolean allowPlainHttp) {
        List<String> all = new ArrayList<>();
        Arrays.stream(patterns.split(","))
                .map(p -> p.trim().toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty())
                .forEach(p -> {
                    if (!p.matches("(\\*\\.)?[a-z0-9.-]+|\\[[0-9a-f:]+\\]")) {
                        throw new ConfigurationException("download host \"" + p
                                + "\" is not a host name or *.domain pattern (EASEL_DOWNLOAD_HOSTS)");
                    }
                    all.add(p);
                });
        if (apiBase.getHost() != null) {
            all.add(apiBase.getHost().toLowerCase(Locale.ROOT));
        }
        return new HostPolicy(all, allowPlainHttp);
    }

    public boolean allows(URI uri) {
        String host = uri.getHost();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme());
        if (host == null || !(https || http) || uri.getUserInfo() != null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (http && !allowPlainHttp && !isLoopback(h)) {
            return false;
        }
        for (String p : patterns) {
            if (p.startsWith("*.") ? h.endsWith(p.substring(1)) : h.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** Loopback by name or address: plain HTTP to it never leaves the machine. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("[::1]") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The patterns, comma-separated, as error messages show them. */
    @Override
    public String toString() {
        return patterns.stream().collect(Collectors.joining(","));
    }
}
