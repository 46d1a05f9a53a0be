package dev.easel.adapter.runcomfy;

import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.port.out.ProviderPlugin;
import dev.easel.core.port.out.Settings;

/**
 * Selected by {@code provider=runcomfy}. Reads {@code runcomfy.token} (RUNCOMFY_API_TOKEN),
 * {@code runcomfy.base-url} (RUNCOMFY_BASE_URL), {@code download.hosts} (EASEL_DOWNLOAD_HOSTS) and
 * {@code allow-http} (EASEL_ALLOW_HTTP).
 */
public final class RunComfyPlugin implements ProviderPlugin {

    public static final String TOKEN = "runcomfy.token";
    public static final String BASE_URL = "runcomfy.base-url";
    public static final String DOWNLOAD_HOSTS = "download.hosts";
    /** {@code EASEL_ALLOW_HTTP}: plain HTTP to a test server off this machine (never for the real service). */
    public static final String ALLOW_HTTP = "allow-http";

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
                .baseUrl(settings.get(BASE_URL, RunComfyProvider.DEFAULT_BASE_URL.toString()))
                .downloadHosts(settings.get(DOWNLOAD_HOSTS, HostPolicy.DEFAULT_PATTERNS))
                .allowPlainHttp(Boolean.parseBoolean(settings.get(ALLOW_HTTP, "false").trim()))
                .build();
    }

    @Override
    public ModelCatalog catalog(Settings settings) {
        return BundledModelCatalog.load();
    }
}
