package dev.easel.adapter.storage.sql;

import dev.easel.core.error.ConfigurationException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the journal lives: a SQLite file (the default, {@code $EASEL_HOME/easel.db}) or a PostgreSQL
 * server named by {@code EASEL_DATABASE_URL}, either as {@code postgresql://user:pass@host:port/db}
 * or as a {@code jdbc:} URL. The password is kept apart and never part of {@link #toString()}.
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, Optional<String> user, Optional<String> password,
                          Optional<Path> file) {

    public DatabaseUrl {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(file, "file");
    }

    public static DatabaseUrl sqlite(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + absolute, Optional.empty(), Optional.empty(),
                Optional.of(absolute));
    }

    /** Reads a configured URL; bad values are refused with the form that is allowed, never echoing a password. */
    public static DatabaseUrl parse(String value) {
        String url = value.trim();
        if (url.startsWith("jdbc:sqlite:")) {
            return sqlite(Path.of(url.substring("jdbc:sqlite:".length())));
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Dialect.POSTGRESQL, url, Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return postgresql(url);
        }
        throw new ConfigurationException("EASEL_DATABASE_URL \"" + redact(url) + "\" is not a database Easel knows:"
                + " use postgresql://user:password@host:5432/database, a jdbc:postgresql: URL, or a jdbc:sqlite: file"
                + " (unset, the journal is $EASEL_HOME/easel.db)");
    }

    private static DatabaseUrl postgresql(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("EASEL_DATABASE_URL \"" + redact(url) + "\" is not a valid URL: use"
                    + " postgresql://user:password@host:5432/database (percent-encode special characters)");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new ConfigurationException("EASEL_DATABASE_URL \"" + redact(url) + "\" names no host or database:"
                    + " use postgresql://user:password@host:5432/database");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0]));
            password = parts.length > 1 ? Optional.of(decode(parts[1])) : Optional.empty();
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(Dialect.POSTGRESQL, jdbc, user, password, Optional.empty());
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced by {@code ***}, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?<=://)([^:/@]*):[^@/]*@", "$1:***@")
                .replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** Where the journal is, for people: the file, or the server URL without its password. */
    public String where() {
        return file.map(Path::toString).orElseGet(() -> redact(jdbcUrl) + user.map(u -> " as " + u).orElse(""));
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + where() + "]";
    }
}
