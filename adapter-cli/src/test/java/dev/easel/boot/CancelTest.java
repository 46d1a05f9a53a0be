package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.cli.ExitCode;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.storage.sql.SqlJobJournal;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel cancel}, Ctrl-C during {@code generate}, and the balance error, through the launcher. */
class CancelTest {

    private static final String TOKEN = "rc-cancel-secret";

    @TempDir
    Path work;

    private RunComfyEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private Map<String, String> env(Duration queue, Duration run) {
        emulator = RunComfyEmulator.builder().token(TOKEN).timing(queue, run).start();
        Map<String, String> env = new HashMap<>();
        env.put("RUNCOMFY_BASE_URL", emulator.baseUrl().toString());
        env.put("RUNCOMFY_API_TOKEN", TOKEN);
        env.put("EASEL_HOME", work.resolve("home").toString());
        env.put("EASEL_OUTPUT", work.resolve("out").toString());
        return env;
    }

    private EaselHarness.Run easel(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, work, work, new PrintWriter(out), new PrintWriter(err));
        return new EaselHarness.Run(code, out.toString(), err.toString());
    }

    private Job journaled(String id) {
        try (SqlJobJournal journal = EaselHarness.journalIn(work)) {
            return journal.find(dev.easel.core.model.JobId.of(id)).orElseThrow();
        }
    }

    @Test
    void cancelsAQueuedJobByItsJobId() {
        Map<String, String> env = env(Duration.ofMinutes(5), Duration.ofSeconds(1));
        String id = easel(env, "generate", "wait in line", "--no-wait").out().trim();

        EaselHarness.Run run = easel(env, "cancel", id);

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out().trim()).isEqualTo("cancelled");
        assertThat(journaled(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(easel(env, "cancel", id).err()).contains("already ended: cancelled");
    }

    @Test
    void aRunningJobIsNotCancellableAndStaysResumable() {
        Map<String, String> env = env(Duration.ZERO, Duration.ofMinutes(5));
        String id = easel(env, "generate", "busy", "--no-wait").out().trim();
        String request = emulator.submissions().get(0).requestId();

        EaselHarness.Run run = easel(env, "cancel", request);

        assertThat(run.exit()).isEqualTo(ExitCode.OTHER);
        assertThat(run.out().trim()).isEqualTo("not_cancellable");
        assertThat(run.err()).contains("already running and cannot be cancelled", "stays journaled");
        assertThat(journaled(id).state()).isEqualTo(JobState.SUBMITTED);
    }

    @Test
    void anUnknownJobIdExitsTwo() {
        Map<String, String> env = env(Duration.ZERO, Duration.ZERO);

        EaselHarness.Run run = easel(env, "cancel", "20261121-000000-zzzzzz");

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("no journaled job has the id 20261121-000000-zzzzzz");
    }

    @Test
    void anInsufficientBalanceInAnHttp200ExitsThreeAndSaysSo() {
        Map<String, String> env = env(Duration.ZERO, Duration.ZERO);
        emulator.close();
        emulator = RunComfyEmulator.builder().token(TOKEN).insufficientBalance(true).start();
        env.put("RUNCOMFY_BASE_URL", emulator.baseUrl().toString());

        EaselHarness.Run run = easel(env, "generate", "anything");

        assertThat(run.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(run.err()).contains("balance is insufficient", "400002");
    }

    /** A real child process, stopped with a signal while its job is queued, cancels the job. */
    @Test
    void interruptingGenerateCancelsTheQueuedJob() throws Exception {
        Map<String, String> env = env(Duration.ofMinutes(5), Duration.ofSeconds(1));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.easel.boot.Main", "generate", "stop me")
                .directory(work.toFile());
        builder.environment().putAll(env);
        Process child = builder.start();
        List<String> stderr = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(stderr::add);
            } catch (java.io.IOException ignored) {
                // the child ended
            }
        });
        reader.start();

        Await.until("the job to be queued", Duration.ofSeconds(30), () -> stderr.stream().anyMatch(l -> l.endsWith(": queued")));
        child.toHandle().destroy(); // SIGTERM, as Ctrl-C would stop it; Process.destroy() would also close our pipes
        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);

        assertThat(stderr).as("exit " + child.exitValue() + ", stderr " + stderr)
                .anyMatch(l -> l.contains("interrupted; cancelling job"));
        assertThat(stderr).anyMatch(l -> l.contains("was cancelled"));
        String requestId = emulator.submissions().get(0).requestId();
        Job job;
        try (SqlJobJournal journal = EaselHarness.journalIn(work)) {
            job = journal.findByRequestId(dev.easel.core.model.RequestId.of(requestId)).orElseThrow();
        }
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    }
}
