package dev.easel.adapter.runcomfy;

import dev.easel.core.error.ConfigurationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The hosts outputs may be downloaded from: exact names, or {@code *.domain} for any sub-domain.
 * Anything else is refused, so a result can never make Easel fetch from an arbitrary host.
 */
public final class HostPolicy {

    public static final String DEFAULT_PATTERNS = "*.runcomfy.net,*.runcomfy.com";

    private final List<String> patterns;

    private HostPolicy(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The comma-separated {@code patterns}, plus the API's own host. */
    public static HostPolicy of(String patterns, URI apiBase) {
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
        return new HostPolicy(all);
    }

    public boolean allows(URI uri) {
        String host = uri.getHost();
        if (host == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String p : patterns) {
            if (p.startsWith("*.") ? h.endsWith(p.substring(1)) : h.equals(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.stream().collect(Collectors.joining(","));
    }
}
