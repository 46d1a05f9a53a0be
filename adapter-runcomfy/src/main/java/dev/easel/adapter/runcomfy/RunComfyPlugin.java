package dev.easel.adapter.runcomfy;

import dev.easel.adapter.support.ApiBase;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.port.out.ProviderPlugin;
import dev.easel.core.port.out.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Selected by {@code provider=runcomfy}. Reads {@code runcomfy.token} (RUNCOMFY_API_TOKEN),
 * {@code runcomfy.base-url} (RUNCOMFY_BASE_URL), {@code download.hosts} (EASEL_DOWNLOAD_HOSTS),
 * {@code allow-http} (EASEL_ALLOW_HTTP) and, for the live catalog, {@code home} (EASEL_HOME) and
 * {@code catalog.lifetime} (EASEL_CATALOG_LIFETIME).
 */
public final class RunComfyPlugin implements ProviderPlugin {

    public static final String TOKEN = "runcomfy.token";
    public static final String BASE_URL = "runcomfy.base-url";
    public static final String DOWNLOAD_HOSTS = "download.hosts";
    /** {@code EASEL_ALLOW_HTTP}: plain HTTP to a test server off this machine (never for the real service). */
    public static final String ALLOW_HTTP = "allow-http";
    /** Where Easel keeps its files (EASEL_HOME); the catalog is cached in its {@code cache} folder. */
    public static final String HOME = "home";
    /** How long a cached catalog stays fresh (EASEL_CATALOG_LIFETIME), such as 24h, 30m or 0. */
    public static final String CATALOG_LIFETIME = "catalog.lifetime";
    /** {@code off} keeps the catalog in memory only (the demo's emulator changes port every run). */
    public static final String CATALOG_CACHE = "catalog.cache";

    @Override
    public String name() {
        return "runcomfy";
    }

    @Override
    public GenerationProvider provider(Settings settings) {
        String token = settings.require(TOKEN, "no RunComfy API token is set. Export it with"
                + " `export RUNCOMFY_API_TOKEN=<your key>` (Model API keys are in your RunComfy profile),"
                + " or put runcomfy.token=<your key> in $EASEL_HOME/config.properties; try --demo to run"
                + " without one against the built-in emulator");
        return RunComfyProvider.builder()
                .token(token)
                .baseUrl(baseUrl(settings))
                .downloadHosts(settings.get(DOWNLOAD_HOSTS, RunComfyProvider.DEFAULT_DOWNLOAD_HOSTS))
                .allowPlainHttp(Boolean.parseBoolean(settings.get(ALLOW_HTTP, "false").trim()))
                .build();
    }

    @Override
    public ModelCatalog catalog(Settings settings) {
        boolean cached = !"off".equalsIgnoreCase(settings.get(CATALOG_CACHE, "on"));
        return RunComfyModelCatalog.builder()
                .baseUrl(baseUrl(settings))
                .token(settings.get(TOKEN).orElse(null))
                .cacheFolder(cached ? settings.get(HOME).map(home -> Path.of(home, "cache")).orElse(null) : null)
                .lifetime(lifetime(settings.get(CATALOG_LIFETIME, "24h")))
                .allowPlainHttp(Boolean.parseBoolean(settings.get(ALLOW_HTTP, "false").trim()))
                .build();
    }

    /** {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code 0}, or ISO-8601 ({@code PT12H}). */
    static Duration lifetime(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.equals("0")) {
                return Duration.ZERO;
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            switch (value.charAt(value.length() - 1)) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                case 'd': return Duration.ofDays(amount);
                default: break;
            }
        } catch (RuntimeException e) {
            // reported below with what is allowed
        }
        throw new ConfigurationException("catalog lifetime \"" + text + "\" is not a duration such as 90s, 30m, 24h, 7d or 0"
                + " (EASEL_CATALOG_LIFETIME)");
    }

    @Override
    public Optional<URI> endpoint(Settings settings) {
        return ApiBase.ifUrl(baseUrl(settings));
    }

    private static String baseUrl(Settings settings) {
        return settings.get(BASE_URL, RunComfyProvider.DEFAULT_BASE_URL.toString());
    }
}
