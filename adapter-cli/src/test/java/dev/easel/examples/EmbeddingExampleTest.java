package dev.easel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingExampleTest {

    @TempDir
    Path folder;

    @Test
    void theGuidesExampleRunsAgainstTheEmulator() {
        try (RunComfyEmulator emulator = RunComfyEmulator.builder().timing(Duration.ofMillis(50), Duration.ofMillis(100)).start()) {
            List<String> progress = new CopyOnWriteArrayList<>();

            Job job = EmbeddingExample.generate(emulator.token(), emulator.baseUrl().toString(), folder, progress);

            assertThat(job.state()).isEqualTo(JobState.STORED);
            assertThat(job.images()).singleElement().satisfies(image -> {
                assertThat(image.width()).isEqualTo(2048);
                assertThat(image.height()).isEqualTo(2048);
                assertThat(folder.resolve("images").resolve(image.key())).isRegularFile();
            });
            assertThat(progress).startsWith("PENDING", "SUBMITTING", "SUBMITTED").endsWith("STORED");
        }
    }

    @Test
    void theGuideQuotesTheExampleWordForWord() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String source = Files.readString(root.resolve(
                "adapter-cli/src/test/java/dev/easel/examples/EmbeddingExample.java"));
        String snippet = source.substring(source.indexOf("// tag::example[]") + "// tag::example[]".length(),
                source.indexOf("        // end::example[]"));
        String guide = Files.readString(root.resolve("docs/embedding.md"));

        assertThat(guide).contains(snippet.stripTrailing().stripIndent().strip());
    }
}
