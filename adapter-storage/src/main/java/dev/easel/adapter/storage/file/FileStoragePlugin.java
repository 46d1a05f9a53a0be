package dev.easel.adapter.storage.file;

import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.Settings;
import dev.easel.core.port.out.StoragePlugin;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Selected by {@code storage=file} (the default). Images go to {@code output} (EASEL_OUTPUT,
 * default {@code ./easel-output}); the journal is {@code journal.jsonl} in {@code home} (EASEL_HOME).
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
        return new FileImageStore(Path.of(settings.get(OUTPUT, DEFAULT_OUTPUT)), ZoneId.systemDefault());
    }

    @Override
    public JobJournal journal(Settings settings) {
        Path home = Path.of(settings.get(HOME, Path.of(System.getProperty("user.home"), ".easel").toString()));
        return new FileJobJournal(home.resolve("journal.jsonl"));
    }
}
