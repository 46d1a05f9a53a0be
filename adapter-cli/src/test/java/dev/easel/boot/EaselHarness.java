package dev.easel.boot;

import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.storage.sql.Database;
import dev.easel.adapter.storage.sql.DatabaseUrl;
import dev.easel.adapter.storage.sql.SqlJobJournal;
import java.util.ArrayList;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code easel} command as a test runs it: through {@link Main#run} with its own environment,
 * home and output folder, against an emulator it starts (and can restart with other settings).
 */
final class EaselHarness implements AutoCloseable {

    static final String TOKEN = "rc-test-secret-5f2a9c";

    private final Path work;
    private final Map<String, String> env = new HashMap<>();
    private RunComfyEmulator emulator;
    private final List<SqlJobJournal> journals = new ArrayList<>();

    EaselHarness(Path work, Consumer<RunComfyEmulator.Builder> settings) {
        this.work = work;
        env.put("RUNCOMFY_API_TOKEN", TOKEN);
        env.put("EASEL_HOME", work.resolve("home").toString());
        env.put("EASEL_OUTPUT", work.resolve("out").toString());
        restart(settings);
    }

    /** A new emulator (the old one stops), with the harness's token and quick timing unless the settings say otherwise. */
    void restart(Consumer<RunComfyEmulator.Builder> settings) {
        if (emulator != null) {
            emulator.close();
        }
        RunComfyEmulator.Builder builder = RunComfyEmulator.builder().token(TOKEN)
                .timing(Duration.ofMillis(50), Duration.ofMillis(250));
        settings.accept(builder);
        emulator = builder.start();
        env.put("RUNCOMFY_BASE_URL", emulator.baseUrl().toString());
    }

    RunComfyEmulator emulator() {
        return emulator;
    }

    Map<String, String> env() {
        return env;
    }

    Path work() {
        return work;
    }

    /** The journal the commands write, opened as another process would; closed with the harness. */
    SqlJobJournal journal() {
        SqlJobJournal journal = journalIn(work);
        journals.add(journal);
        return journal;
    }

    /** The journal of commands run with {@code EASEL_HOME=work/home}; the caller closes it. */
    static SqlJobJournal journalIn(Path work) {
        return new SqlJobJournal(Database.open(DatabaseUrl.sqlite(work.resolve("home/easel.db"))));
    }

    Run easel(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, work.resolve("user-home"), work, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public void close() {
        journals.forEach(SqlJobJournal::close);
        emulator.close();
    }

    /** What one command did. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }
}
