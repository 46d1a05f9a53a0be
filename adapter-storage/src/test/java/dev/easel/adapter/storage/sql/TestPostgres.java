package dev.easel.adapter.storage.sql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, started once per JVM from the embedded binaries on Maven
 * Central (no Docker), and stopped when the JVM ends. Each test takes a database of its own.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // The JVM is ending; the server's folder is temporary.
                }
            }));
        }
        return server;
    }

    /** A new, empty database, as a URL in the form EASEL_DATABASE_URL takes (with a password, to prove it stays hidden). */
    public static String newDatabaseUrl() {
        EmbeddedPostgres postgres = server();
        String name = "easel_test_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            statement.execute("ALTER USER postgres PASSWORD 's3cret-Pa55'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database", e);
        }
        return "postgresql://postgres:s3cret-Pa55@localhost:" + postgres.getPort() + "/" + name;
    }
}
