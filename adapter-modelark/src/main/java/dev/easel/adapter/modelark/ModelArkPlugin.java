package dev.easel.adapter.modelark;

import dev.easel.adapter.support.ApiBase;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.port.out.ProviderPlugin;
import dev.easel.core.port.out.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Selected by {@code provider=modelark}. Reads {@code modelark.api-key} (ARK_API_KEY),
 * {@code modelark.base-url} (ARK_BASE_URL), {@code modelark.response-format} (ARK_RESPONSE_FORMAT),
 * {@code download.hosts} (EASEL_DOWNLOAD_HOSTS, added to BytePlus's own domains) and {@code home}
 * (EASEL_HOME: inline images are spooled under {@code $EASEL_HOME/spool/modelark}) and
 * {@code allow-http} (EASEL_ALLOW_HTTP).
 */
public final class ModelArkPlugin implements ProviderPlugin {

    public static final String API_KEY = "modelark.api-key";
    public static final String BASE_URL = "modelark.base-url";
    public static final String RESPONSE_FORMAT = "modelark.response-format";
    public static final String DOWNLOAD_HOSTS = "download.hosts";
    /** {@code EASEL_ALLOW_HTTP}: plain HTTP to a test server off this machine (never for the real service). */
    public static final String ALLOW_HTTP = "allow-http";
    private static final String HOME = "home";

    @Override
    public String name() {
        return "modelark";
    }

    @Override
    public GenerationProvider provider(Settings settings) {
        String key = settings.require(API_KEY, "no ModelArk API key is set. Export it with"
                + " `export ARK_API_KEY=<your key>` (API keys are in the BytePlus ModelArk console), or put"
                + " modelark.api-key=<your key> in $EASEL_HOME/config.properties; try --demo to run without one"
                + " against the built-in emulator");
        ModelArkProvider.Builder builder = ModelArkProvider.builder()
                .key(key)
                .baseUrl(baseUrl(settings))
                .responseFormat(ResponseFormat.parse(settings.get(RESPONSE_FORMAT, "url")))
                .allowPlainHttp(Boolean.parseBoolean(settings.get(ALLOW_HTTP, "false")))
                .downloadHosts(ModelArkProvider.DEFAULT_DOWNLOAD_HOSTS + settings.get(DOWNLOAD_HOSTS).map(extra -> "," + extra).orElse(""));
        settings.get(HOME).ifPresent(home -> builder.spoolDirectory(Path.of(home, "spool", "modelark")));
        return builder.build();
    }

    @Override
    public ModelCatalog catalog(Settings settings) {
        return ModelArkCatalog.standard();
    }

    @Override
    public Optional<URI> endpoint(Settings settings) {
        return ApiBase.ifUrl(baseUrl(settings));
    }

    private static String baseUrl(Settings settings) {
        return settings.get(BASE_URL, ModelArkProvider.DEFAULT_BASE_URL.toString());
    }
}
