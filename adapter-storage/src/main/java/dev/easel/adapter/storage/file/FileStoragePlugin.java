package dev.easel.adapter.storage.file;

import dev.easel.adapter.storage.sql.SqlJournals;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.Settings;
import dev.easel.core.port.out.StoragePlugin;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Selected by {@code storage=file} (the default). Images go to {@code output} (EASEL_OUTPUT,
 * default {@code ./easel-output}); the journal is the database's: SQLite at {@code $EASEL_HOME/easel.db}
 * unless EASEL_DATABASE_URL names a PostgreSQL server.
 */
public final class FileStoragePlugin implements StoragePlugin {

    public static final String OUTPUT = "output";
    public static final String HOME = "home";
    public static final String DEFAULT_OUTPUT = "easel-output";

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ImageStore imageStore(Settings settings) {
        return new FileImageStore(Path.of(settings.get(OUTPUT, DEFAULT_OUTPUT)));
    }

    @Override
    public JobRecords records(Settings settings) {
        return new FileJobRecords(Path.of(settings.get(OUTPUT, DEFAULT_OUTPUT)), ZoneId.systemDefault());
    }

    /** The journal is the database's, whatever holds the images (see {@link SqlJournals}). */
    @Override
    public JobJournal journal(Settings settings) {
        return SqlJournals.open(settings);
    }
}
