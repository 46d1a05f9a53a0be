package dev.easel.core.port.out;

import java.net.URI;
import java.util.Optional;

/**
 * A provider module's entry point, found with {@link java.util.ServiceLoader} and chosen by the
 * {@code provider} setting. Creating the provider checks its configuration (a missing token is a
 * {@link dev.easel.core.error.ConfigurationException}), so problems show before anything is paid.
 */
public interface ProviderPlugin {

    /** The value of the {@code provider} setting that selects this plugin, such as {@code runcomfy}. */
    String name();

    GenerationProvider provider(Settings settings);

    ModelCatalog catalog(Settings settings);

    /**
     * Where these settings point the provider's API, if it is reached over the network and the
     * address is well formed: what a process may look up ahead of its first call. Nothing is checked
     * beyond that; {@link #provider} reports a bad address.
     */
    default Optional<URI> endpoint(Settings settings) {
        return Optional.empty();
    }
}
