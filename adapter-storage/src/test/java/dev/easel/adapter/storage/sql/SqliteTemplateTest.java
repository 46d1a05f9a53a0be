package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A new SQLite journal starts as the build's schema template (decision 0030): what Flyway makes from
 * the migrations, which Flyway then takes as its own, made safely by commands that start together.
 */
class SqliteTemplateTest {

    private static final String OURS = "classpath:db/migration/sqlite";
    private static final String LATER = "classpath:db/later-migration/sqlite";

    @TempDir
    Path folder;

    @Test
    void aNewJournalIsTheSchemaAndHistoryFlywayMakesCopiedWithoutRunningFlyway() throws Exception {
        Path copied = folder.resolve("new-home").resolve("easel.db");
        Path migrated = folder.resolve("migrated-home").resolve("easel.db");
        Files.createDirectories(migrated.getParent());
        // An existing empty file (as Easel made before the template) is migrated by Flyway, as it was.
        Files.createFile(migrated);

        Database.open(DatabaseUrl.sqlite(copied)).close();
        Database.open(DatabaseUrl.sqlite(migrated)).close();

        assertThat(Files.readAllBytes(copied)).as("the new journal is the build's template, untouched")
                .isEqualTo(template());
        assertThat(schema(copied)).anySatisfy(entry -> assertThat(entry).startsWith("table jobs "))
                .isEqualTo(schema(migrated));
        assertThat(history(copied)).hasSize(Integer.parseInt(Database.SCHEMA_VERSION)).isEqualTo(history(migrated));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied))).isEqualTo("rw-------");
        assertThat(files(copied.getParent())).as("no copy is left beside the journal").containsExactly(copied);
    }

    @Test
    void flywayValidatesTheCopyAndAppliesALaterMigrationToIt() throws Exception {
        Path file = folder.resolve("easel.db");
        Database.open(DatabaseUrl.sqlite(file)).close();

        ValidateResult valid = flyway(file, OURS).validateWithResult();
        assertThat(valid.validationSuccessful).as(String.valueOf(valid.errorDetails)).isTrue();
        MigrateResult migrated = flyway(file, OURS, LATER).migrate();

        assertThat(migrated.migrationsExecuted).isEqualTo(1);
        assertThat(migrated.targetSchemaVersion).isEqualTo("6");
        assertThat(schema(file)).anySatisfy(entry -> assertThat(entry).startsWith("table later "))
                .anySatisfy(entry -> assertThat(entry).startsWith("index jobs_later "));
        assertThat(flyway(file, OURS, LATER).validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void commandsStartingTogetherInANewHomeAllOpenTheOneJournalAndKeepWhatEachWrote() throws Exception {
        Path file = folder.resolve("home").resolve("easel.db");
        int commands = 8;
        CyclicBarrier together = new CyclicBarrier(commands);
        ExecutorService threads = Executors.newFixedThreadPool(commands);
        try {
            List<Future<?>> opened = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                String source = "command " + i;
                opened.add(threads.submit(() -> {
                    together.await();
                    try (Database database = Database.open(DatabaseUrl.sqlite(file));
                         Connection connection = database.connection();
                         PreparedStatement insert = connection.prepareStatement(
                                 "INSERT INTO imports (source, imported_at, jobs) VALUES (?, 0, 0)")) {
                        insert.setString(1, source);
                        insert.executeUpdate();
                    }
                    return null;
                }));
            }
            for (Future<?> command : opened) {
                command.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(rows(file, "SELECT source FROM imports ORDER BY source"))
                .as("no command's journal replaced another's")
                .containsExactlyElementsOf(IntStream.range(0, commands).mapToObj(i -> "command " + i).toList());
        assertThat(history(file)).hasSize(Integer.parseInt(Database.SCHEMA_VERSION));
        assertThat(files(file.getParent())).containsExactly(file);
    }

    @Test
    void theTemplateIsNeverCopiedOverAJournalThatExists() throws Exception {
        Path file = folder.resolve("easel.db");
        try (Database database = Database.open(DatabaseUrl.sqlite(file));
             Connection connection = database.connection();
             Statement insert = connection.createStatement()) {
            insert.executeUpdate("INSERT INTO imports (source, imported_at, jobs) VALUES ('kept', 0, 0)");
        }

        assertThatThrownBy(() -> SqliteTemplate.copyTo(file)).isInstanceOf(FileAlreadyExistsException.class);

        assertThat(rows(file, "SELECT source FROM imports")).containsExactly("kept");
        assertThat(files(folder)).containsExactly(file);
    }

    /**
     * A command killed between linking its copy as the journal and deleting the copy leaves a second
     * name of the journal, holding its records; one killed before linking, a whole copy. The next start
     * removes both once they are old enough not to be another command's work in progress.
     */
    @Test
    void copiesLeftByKilledCommandsAreRemovedOnceTheyAreOld() throws Exception {
        Path file = folder.resolve("easel.db");
        Database.open(DatabaseUrl.sqlite(file)).close();
        Path secondName = folder.resolve("easel.db.5eed.new");
        Files.createLink(secondName, file);
        Path unlinked = Files.write(folder.resolve("easel.db.0ld.new"), template());
        Path young = Files.write(folder.resolve("easel.db.y0un9.new"), template());
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - SqliteTemplate.LEFTOVER_AGE.toMillis() - 60_000);
        Files.setLastModifiedTime(file, old);
        Files.setLastModifiedTime(unlinked, old);

        Database.open(DatabaseUrl.sqlite(file)).close();

        assertThat(files(folder)).as("the journal and a copy that may be another command's, being made")
                .containsExactlyInAnyOrder(file, young);
        assertThat(history(file)).hasSize(Integer.parseInt(Database.SCHEMA_VERSION));
    }

    @Test
    void aHomeThatIsAFileIsReportedAsSuch() throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("home"), "a file");

        assertThatThrownBy(() -> Database.open(DatabaseUrl.sqlite(notAFolder.resolve("easel.db"))))
                .isInstanceOf(dev.easel.core.error.StorageException.class)
                .hasMessageContaining("could not create the journal database")
                .hasMessageContaining(notAFolder + " exists and is not a folder");
    }

    private static byte[] template() throws IOException {
        try (InputStream template = SqliteTemplate.class.getClassLoader().getResourceAsStream(SqliteTemplate.RESOURCE)) {
            assertThat(template).as("the build made the template " + SqliteTemplate.RESOURCE).isNotNull();
            return template.readAllBytes();
        }
    }

    private static Flyway flyway(Path file, String... locations) {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        return Flyway.configure(Database.class.getClassLoader()).dataSource(source).locations(locations).load();
    }

    /** Every table, index, trigger and view with its statement, and the settings stored in the file. */
    private static List<String> schema(Path file) throws SQLException {
        List<String> schema = new ArrayList<>(rows(file, "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '')"
                + " FROM sqlite_master ORDER BY type, name"));
        for (String setting : List.of("journal_mode", "page_size", "auto_vacuum", "encoding", "user_version")) {
            schema.add(setting + " " + rows(file, "PRAGMA " + setting));
        }
        return schema;
    }

    /** Flyway's history, all but when each migration ran and how long it took. */
    private static List<String> history(Path file) throws SQLException {
        return rows(file, "SELECT installed_rank || ' ' || version || ' ' || description || ' ' || type || ' ' || script"
                + " || ' ' || checksum || ' ' || coalesce(installed_by, '') || ' ' || success"
                + " FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static List<String> rows(Path file, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
