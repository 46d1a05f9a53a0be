package dev.easel.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.adapter.modelark.emulator.ModelArkEmulator;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.storage.file.FileImageStore;
import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.core.Easel;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.out.Settings;
import java.util.Map;
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
    void theProviderIsChosenByNameWithItsSettings() {
        try (ModelArkEmulator modelArk = ModelArkEmulator.builder().key("embedding-key-0123456789").start();
             Easel easel = Easel.builder()
                     .provider("modelark", Settings.of(Map.of("modelark.api-key", modelArk.key(),
                             "modelark.base-url", modelArk.baseUrl().toString(), "modelark.response-format", "b64_json",
                             "home", folder.resolve("home").toString())))
                     .store(FileImageStore.at(folder.resolve("images")))
                     .journal(new FileJobJournal(folder.resolve("journal.jsonl")))
                     .build()) {

            Job job = easel.generate(SeedreamLiteTextToImage.prompt("a red fox in snow").build());

            assertThat(job.state()).isEqualTo(JobState.STORED);
            assertThat(job.images()).singleElement().satisfies(image ->
                    assertThat(folder.resolve("images").resolve(image.key())).isRegularFile());
        }
        assertThatThrownBy(() -> Easel.builder().provider("nobody", Settings.of(Map.of())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("modelark").hasMessageContaining("runcomfy");
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
