package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.cli.ExitCode;
import dev.easel.core.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel emulator}: serving until stopped, and {@code --models FILE}: models that exist only in a file, served as RunComfy's catalog would serve them. */
class EmulatorCommandTest {

    @TempDir
    Path work;

    private EmulatorCommand command;
    private Thread serving;

    @AfterEach
    void stop() throws InterruptedException {
        if (command != null) {
            command.stop();
            serving.join(10_000);
        }
    }

    private EaselHarness.Run easel(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, work, work, new PrintWriter(out), new PrintWriter(err));
        return new EaselHarness.Run(code, out.toString(), err.toString());
    }

    /** Starts {@code easel emulator} with {@code args} on a thread and returns the environment that points Easel at it. */
    private Map<String, String> startEmulator(String token, String... args) {
        command = new EmulatorCommand();
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(command).setOut(new PrintWriter(out, true));
        List<String> all = new java.util.ArrayList<>(List.of("--port", "0", "--token", token));
        all.addAll(List.of(args));
        serving = new Thread(() -> cli.execute(all.toArray(String[]::new)));
        serving.start();
        // It draws its pictures before it listens: over 10 s on a loaded machine.
        Await.until("the emulator to print its URL", Duration.ofSeconds(60), () -> out.toString().contains("RUNCOMFY_API_TOKEN=" + token));
        String baseUrl = out.toString().lines().filter(l -> l.startsWith("export RUNCOMFY_BASE_URL="))
                .findFirst().orElseThrow().substring("export RUNCOMFY_BASE_URL=".length());
        Map<String, String> env = new HashMap<>();
        env.put("RUNCOMFY_BASE_URL", baseUrl);
        env.put("RUNCOMFY_API_TOKEN", token);
        env.put("EASEL_HOME", work.resolve("home").toString());
        env.put("EASEL_OUTPUT", work.resolve("out").toString());
        return env;
    }

    @Test
    void theEmulatorCommandServesUntilStopped() throws Exception {
        Map<String, String> env = startEmulator("t-1", "--faults", "rate-limit=0.1");

        assertThat(easel(env, "models").exit()).isZero();
        EaselHarness.Run run = easel(env, "generate", "via the emulator command", "--no-wait");
        assertThat(run.exit()).as(run.err()).isZero();

        command.stop();
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
        command = null;
        assertThat(easel(env, "emulator", "--faults", "gremlins=1").exit()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void modelsFromTheFileAreListedDescribedAndGenerated() throws Exception {
        Path models = work.resolve("models.json");
        new ObjectMapper().writeValue(models.toFile(), List.of(AnyModelTest.painter()));
        Map<String, String> env = startEmulator("t-models", "--models", models.toString());

        EaselHarness.Run listed = easel(env, "models", "--search", "painter");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.lines()).singleElement().asString().startsWith(AnyModelTest.PAINTER).contains("Acme Painter v2");

        EaselHarness.Run schema = easel(env, "schema", AnyModelTest.PAINTER);
        assertThat(schema.exit()).as(schema.err()).isZero();
        assertThat(schema.out()).contains("width", "2048", "enhance_prompt");

        EaselHarness.Run generated = easel(env, "generate", "a lighthouse", "--model", AnyModelTest.PAINTER,
                "--param", "width=512", "--param", "height=384");
        assertThat(generated.exit()).as(generated.err()).isZero();
        try (var images = Files.walk(work.resolve("out"))) {
            assertThat(images.filter(p -> p.toString().endsWith(".png"))).hasSize(1);
        }
    }

    @Test
    void aModelsFileThatIsNoCatalogIsRefusedByName() throws Exception {
        Path models = work.resolve("models.json");
        Files.writeString(models, "{\"model_id\": \"not in an array\"}");

        EaselHarness.Run run = easel(Map.of("EASEL_HOME", work.resolve("home").toString()),
                "emulator", "--port", "0", "--models", models.toString());

        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("models.json");
    }
}
