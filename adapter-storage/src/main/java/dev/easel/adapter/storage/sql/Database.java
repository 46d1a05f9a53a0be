package dev.easel.adapter.storage.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.easel.core.error.StorageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An open journal database: a small connection pool, with the schema brought up to date by Flyway.
 * A cold command pays for Flyway only when the schema is behind: the applied version is read with
 * one query first, and Flyway (which scans its migrations) runs only if it is not the latest. A new
 * SQLite journal starts as a copy of the database Flyway made from the same migrations when Easel was
 * built ({@link SqliteTemplate}, decision 0030), so a new home's first command does not run Flyway either.
 */
public final class Database implements AutoCloseable {

    /** The newest migration's version; raise it with each new migration file. */
    static final String SCHEMA_VERSION = "5";

    private final DatabaseUrl url;
    private final HikariDataSource pool;

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    public static Database open(DatabaseUrl url) {
        Objects.requireNonNull(url, "url");
        url.file().ifPresent(Database::createPrivateFile);
        HikariConfig config = new HikariConfig();
        config.setPoolName("easel-journal");
        config.setConnectionTimeout(30_000);
        config.setMinimumIdle(1);
        if (url.dialect() == Dialect.SQLITE) {
            config.setDataSource(sqlite(url));
            config.setMaximumPoolSize(4);
        } else {
            config.setJdbcUrl(url.jdbcUrl());
            url.user().ifPresent(config::setUsername);
            url.password().ifPresent(config::setPassword);
            config.setMaximumPoolSize(8);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("could not open the journal database " + url.where() + ": "
                    + DatabaseUrl.redact(String.valueOf(rootMessage(e))), e);
        }
        Database database = new Database(url, pool);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return database;
    }

    private static DataSource sqlite(DatabaseUrl url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: each commit reaches the disk before it returns, as the journal promises; group commits
        // keep this to one flush for the records that are ready together.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(60_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url.jdbcUrl());
        return source;
    }

    /**
     * The database file is the user's alone (0600), as its folder should be (0700), where POSIX allows.
     * A new one is the build's schema template when there is one; otherwise an empty file that Flyway migrates.
     */
    private static void createPrivateFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            SqliteTemplate.removeLeftovers(file);
            if (Files.exists(file) || SqliteTemplate.copyTo(file)) {
                return;
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (FileAlreadyExistsException madeByAnotherCommand) {
            if (!madeByAnotherCommand.getFile().equals(file.toString())) {
                throw new StorageException("could not create the journal database " + file + ": "
                        + madeByAnotherCommand.getFile() + " exists and is not a folder", madeByAnotherCommand);
            }
            // Another command started in the same new home made it first: it is opened as it is.
        } catch (IOException e) {
            throw new StorageException("could not create the journal database " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() {
        if (isCurrent()) {
            return;
        }
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations(url.dialect().migrations())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StorageException("could not bring the journal database " + url.where() + " up to date: "
                    + DatabaseUrl.redact(String.valueOf(e.getMessage())), e);
        }
    }

    private boolean isCurrent() {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history WHERE success"
                     + " ORDER BY installed_rank DESC")) {
            return rows.next() && SCHEMA_VERSION.equals(rows.getString(1));
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }

    public DatabaseUrl url() {
        return url;
    }

    public Dialect dialect() {
        return url.dialect();
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** How many connections the pool holds at most. */
    int poolSize() {
        return pool.getMaximumPoolSize();
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
