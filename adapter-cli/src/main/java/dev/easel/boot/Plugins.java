package dev.easel.boot;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.port.out.ProviderPlugin;
import dev.easel.core.port.out.StoragePlugin;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds providers and stores on the class path with {@link ServiceLoader}: a new one is a jar with a
 * {@code META-INF/services} entry, chosen by name in configuration, without touching anything else.
 */
final class Plugins {

    private Plugins() {
    }

    static ProviderPlugin provider(String name) {
        return pick(ServiceLoader.load(ProviderPlugin.class).stream().map(ServiceLoader.Provider::get).toList(),
                ProviderPlugin::name, name, "provider", "EASEL_PROVIDER");
    }

    static StoragePlugin storage(String name) {
        return pick(ServiceLoader.load(StoragePlugin.class).stream().map(ServiceLoader.Provider::get).toList(),
                StoragePlugin::name, name, "storage", "EASEL_STORAGE");
    }

    private static <T> T pick(List<T> found, Function<T, String> nameOf, String wanted, String setting, String variable) {
        return found.stream().filter(p -> nameOf.apply(p).equals(wanted)).findFirst()
                .orElseThrow(() -> new ConfigurationException(setting + " \"" + wanted + "\" is not available ("
                        + variable + "); available: " + found.stream().map(nameOf).sorted().collect(Collectors.joining(", "))));
    }
}
