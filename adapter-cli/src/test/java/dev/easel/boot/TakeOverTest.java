package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.storage.sql.Database;
import dev.easel.adapter.storage.sql.DatabaseUrl;
import dev.easel.adapter.storage.sql.SqlJobJournal;
import dev.easel.adapter.storage.sql.TestPostgres;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that follows a job is killed with SIGKILL while the job runs at the emulator; an
 * {@code easel serve} already running on the same journal takes the job over by itself once the dead
 * process's lease runs out, and stores its image. The emulator is asked to run it once.
 */
class TakeOverTest {


    @TempDir
    Path work;

    private EaselHarness harness;
    private ServeCommand.Server survivor;
    private Process child;
    private SqlJobJournal journal;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aKilledGenerateIsFinishedByARunningServeOnSqlite() throws Exception {
        killedWhileRunning(Map.of(), List.of("generate", "taken over by serve", "-q"));
    }

    @Test
    void aKilledGenerateIsFinishedByARunningServeOnPostgresql() throws Exception {
        killedWhileRunning(Map.of("EASEL_DATABASE_URL", TestPostgres.newDatabaseUrl()), List.of("generate", "taken over by serve", "-q"));
    }

    @Test
    void aKilledServeIsFinishedByAnotherServeOnSqlite() throws Exception {
        killedWhileRunning(Map.of(), List.of("serve", "--port", "0"));
    }

    @Test
    void aKilledServeIsFinishedByAnotherServeOnPostgresql() throws Exception {
        killedWhileRunning(Map.of("EASEL_DATABASE_URL", TestPostgres.newDatabaseUrl()), List.of("serve", "--port", "0"));
    }

    /**
     * A batch is killed with one line at the emulator and the rest never sent: the running serve
     * finishes the line that was sent, and sends none of the others (they stay PENDING until
     * {@code easel resume}: a user who stops a batch stops spending).
     */
    @Test
    void aRunningServeNeverSendsTheLinesAKilledBatchLeftUnsent() throws Exception {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), Duration.ofSeconds(3)));
        Map<String, String> env = new HashMap<>(harness.env());
        env.put("EASEL_JOURNAL_LEASE", "2s");
        journal = EaselHarness.journalIn(work);
        survivor = ServeCommand.start(new EaselServicesFactory(env, work, work), "127.0.0.1", 0, false);
        Path file = work.resolve("tb.txt");
        Files.write(file, java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(i -> "unsent line " + i).toList());

        child = ChildEasel.launch(work, env, List.of("batch", file.toString(), "--concurrency", "1", "-q"));
        // The first line goes out as soon as it is journaled and claimed; the other five are journaled meanwhile.
        Await.until("the batch's first line to run at the emulator, every line journaled", Duration.ofSeconds(60),
                () -> journal.jobs().size() == 6
                        && journal.jobs().stream().anyMatch(j -> j.state() == JobState.SUBMITTED || j.state() == JobState.RUNNING));
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Job> left = journal.jobs();
        assertThat(left).hasSize(6);
        List<JobId> sent = left.stream().filter(j -> j.state() != JobState.PENDING).map(Job::id).toList();
        assertThat(sent).hasSize(1);

        Await.until("the running serve to take the sent line over and store it", Duration.ofSeconds(60),
                () -> journal.find(sent.get(0)).map(j -> j.state() == JobState.STORED).orElse(false));

        assertThat(harness.emulator().calls("submit")).as("only the line the batch had sent was paid for").isEqualTo(1);
        assertThat(journal.jobs()).filteredOn(j -> !sent.contains(j.id())).hasSize(5)
                .extracting(Job::state).containsOnly(JobState.PENDING);
        assertThat(journal.orphans(10)).as("they wait for easel resume").hasSize(5);
    }

    /**
     * {@code kill -9} of a process mid-job, then {@code easel resume} at once: the job is still held by
     * the dead process's lease, and resume says so (how many, until when, who takes them) with exit 5
     * (not everything finished), rather than "resumed 0 jobs" and 0.
     */
    @Test
    void aResumeRightAfterACrashSaysWhichJobsADeadProcesssLeaseStillHolds() throws Exception {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), Duration.ofSeconds(3)));
        journal = EaselHarness.journalIn(work);
        child = ChildEasel.launch(work, harness.env(), List.of("generate", "held by a dead process", "-q"));
        Await.until("the child's job to run at the emulator", Duration.ofSeconds(60),
                () -> journal.jobs().stream().anyMatch(j -> j.state() == JobState.SUBMITTED || j.state() == JobState.RUNNING));
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        EaselHarness.Run resume = harness.easel("resume");

        assertThat(resume.err()).contains("resumed 0 jobs", "1 unfinished job is held by another process's lease (until ",
                "a running `easel serve` takes it over", "`easel resume` again");
        assertThat(resume.exit()).as(resume.err()).isEqualTo(dev.easel.adapter.cli.ExitCode.TIMED_OUT);
        assertThat(journal.jobs()).extracting(Job::state).doesNotContain(JobState.STORED);
    }

    /**
     * A {@code batch --provider modelark} is killed: a plain {@code easel resume} (RunComfy) sends none
     * of its jobs to RunComfy and says how to resume them; {@code easel resume --provider modelark}
     * finishes them at ModelArk.
     */
    @Test
    void aResumeTakesOnlyTheJobsOfItsOwnProvider() throws Exception {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), Duration.ofSeconds(3)));
        String key = "ark-takeover-secret-51c0e2b7a9";
        try (dev.easel.adapter.modelark.emulator.ModelArkEmulator ark = dev.easel.adapter.modelark.emulator.ModelArkEmulator
                .builder().key(key).latency(Duration.ofSeconds(2)).start()) {
            Map<String, String> env = new HashMap<>(harness.env());
            env.put("ARK_API_KEY", key);
            env.put("ARK_BASE_URL", ark.baseUrl().toString());
            env.put("EASEL_JOURNAL_LEASE", "2s");
            journal = EaselHarness.journalIn(work);
            Path file = work.resolve("ark.txt");
            Files.write(file, List.of("for modelark 1", "for modelark 2", "for modelark 3"));
            child = ChildEasel.launch(work, env,
                    List.of("batch", file.toString(), "--provider", "modelark", "--concurrency", "1", "-q"));
            // The first line goes out once journaled and claimed; the other two are journaled meanwhile.
            Await.until("the batch's first line to be sent to ModelArk, every line journaled", Duration.ofSeconds(60),
                    () -> journal.jobs().size() == 3 && journal.jobs().stream().anyMatch(j -> j.state() == JobState.SUBMITTING));
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(journal.jobs()).hasSize(3).allSatisfy(j -> assertThat(j.provider()).contains("modelark"));
            Await.until("the killed batch's leases to run out", Duration.ofSeconds(30), () -> journal.orphans(10).size() == 3);

            EaselHarness.Run atRunComfy = run(env, "resume");

            assertThat(atRunComfy.exit()).as(atRunComfy.err()).isZero();
            assertThat(atRunComfy.err()).contains("resumed 0 jobs",
                    "left 3 unfinished jobs made for provider modelark: `easel resume --provider modelark` finishes them");
            assertThat(harness.emulator().calls("submit")).as("nothing was sent to RunComfy").isZero();

            EaselHarness.Run atModelArk = run(env, "resume", "--provider", "modelark");

            assertThat(atModelArk.err()).contains("resumed 3 jobs, 2 stored").doesNotContain("left ");
            assertThat(journal.jobs()).extracting(Job::state)
                    .containsExactlyInAnyOrder(JobState.SUBMITTING, JobState.STORED, JobState.STORED);
            assertThat(harness.emulator().calls("submit")).isZero();
        }
    }

    private EaselHarness.Run run(Map<String, String> env, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.run(args, env, work.resolve("user-home"), work, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        return new EaselHarness.Run(code, out.toString(), err.toString());
    }

    private void killedWhileRunning(Map<String, String> database, List<String> command) throws Exception {
        harness = new EaselHarness(work, b -> b.timing(Duration.ofMillis(50), Duration.ofSeconds(3)));
        Map<String, String> env = new HashMap<>(harness.env());
        env.putAll(database);
        env.put("EASEL_JOURNAL_LEASE", "2s");
        journal = database.isEmpty() ? EaselHarness.journalIn(work)
                : new SqlJobJournal(Database.open(DatabaseUrl.parse(database.get("EASEL_DATABASE_URL"))));
        survivor = ServeCommand.start(new EaselServicesFactory(env, work, work), "127.0.0.1", 0, false);

        child = ChildEasel.launch(work, env, command);
        if (command.get(0).equals("serve")) {
            submitTo(ChildEasel.port(ChildEasel.log(work)));
        }
        Await.until("the child's job to run at the emulator", Duration.ofSeconds(60),
                () -> journal.jobs().stream().anyMatch(j -> j.state() == JobState.SUBMITTED || j.state() == JobState.RUNNING));
        JobId id = journal.jobs().get(0).id();
        assertThat(journal.orphans(10)).as("the child holds its job while it lives").isEmpty();
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Await.until("the running serve to take the job over and store it", Duration.ofSeconds(60),
                () -> journal.find(id).map(j -> j.state() == JobState.STORED).orElse(false));

        Job stored = journal.find(id).orElseThrow();
        assertThat(harness.emulator().calls("submit")).as("the job was paid for once").isEqualTo(1);
        assertThat(journal.jobs()).hasSize(1);
        byte[] image = Files.readAllBytes(work.resolve("out").resolve(stored.images().get(0).key()));
        assertThat(ImageHeaders.read(image, image.length)).isPresent();
        assertThat(journal.orphans(10)).isEmpty();
    }

    private static void submitTo(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(
                        Map.of("inputs", Map.of("prompt", "taken over by another serve")))))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }
}
