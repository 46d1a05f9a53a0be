package dev.easel.boot;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.port.out.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Merges configuration, highest first: command-line flags, environment, {@code $EASEL_HOME/config.properties},
 * defaults. The file takes either the setting keys ({@code runcomfy.token=…}) or the environment names
 * ({@code RUNCOMFY_API_TOKEN=…}).
 */
final class Configuration {

    static final String PROVIDER = "provider";
    static final String STORAGE = "storage";
    static final String HOME = "home";

    /** Environment variable → setting key. */
    static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("RUNCOMFY_API_TOKEN", "runcomfy.token"),
            Map.entry("RUNCOMFY_BASE_URL", "runcomfy.base-url"),
            Map.entry("ARK_API_KEY", "modelark.api-key"),
            Map.entry("ARK_BASE_URL", "modelark.base-url"),
            Map.entry("ARK_RESPONSE_FORMAT", "modelark.response-format"),
            Map.entry("EASEL_HOME", HOME),
            Map.entry("EASEL_OUTPUT", "output"),
            Map.entry("EASEL_PROVIDER", PROVIDER),
            Map.entry("EASEL_PROVIDER_CALLS_PER_SECOND", PortsModule.CALLS_PER_SECOND),
            Map.entry("EASEL_STORAGE", STORAGE),
            Map.entry("EASEL_DATABASE_URL", "database.url"),
            Map.entry("EASEL_JOURNAL_LEASE", "journal.lease"),
            Map.entry("EASEL_DOWNLOAD_HOSTS", "download.hosts"),
            Map.entry("EASEL_ALLOW_HTTP", "allow-http"),
            Map.entry("EASEL_CATALOG_LIFETIME", "catalog.lifetime"),
            Map.entry("EASEL_S3_BUCKET", "s3.bucket"),
            Map.entry("EASEL_S3_ENDPOINT", "s3.endpoint"),
            Map.entry("EASEL_S3_REGION", "s3.region"),
            Map.entry("EASEL_S3_PREFIX", "s3.prefix"),
            Map.entry("EASEL_API_KEYS", "web.api-keys"),
            Map.entry("EASEL_PUBLIC_URL", "web.public-url"),
            Map.entry("EASEL_MAX_ACTIVE_PER_KEY", "web.max-active-per-key"),
            Map.entry("EASEL_REQUESTS_PER_MINUTE", "web.requests-per-minute"),
            Map.entry("AWS_ACCESS_KEY_ID", "s3.access-key-id"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "s3.secret-access-key"));

    private Configuration() {
    }

    static Settings load(Map<String, String> environment, Map<String, String> flags, Path userHome) {
        Map<String, String> fromEnvironment = new LinkedHashMap<>();
        ENVIRONMENT.forEach((name, key) -> {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                fromEnvironment.put(key, value);
            }
        });
        Path home = Path.of(firstOf(flags.get(HOME), fromEnvironment.get(HOME), userHome.resolve(".easel").toString()));

        Map<String, String> merged = new LinkedHashMap<>();
        merged.put(PROVIDER, "runcomfy");
        merged.put(STORAGE, "file");
        merged.put("output", "easel-output");
        merged.putAll(readFile(home.resolve("config.properties")));
        merged.putAll(fromEnvironment);
        merged.putAll(flags);
        merged.put(HOME, home.toString());
        return Settings.of(merged);
    }

    private static Map<String, String> readFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
        properties.stringPropertyNames().forEach(name ->
                values.put(ENVIRONMENT.getOrDefault(name, name), properties.getProperty(name).trim()));
        return values;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalArgumentException("no value");
    }
}
