package dev.easel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.MediaType;
import dev.langchain4j.data.image.Image;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LangChain4j and Spring AI examples of docs/frameworks.md run against the emulator, and the page quotes them exactly. */
class FrameworkExamplesTest {

    @TempDir
    Path folder;

    private RunComfyEmulator emulator;

    @BeforeEach
    void start() {
        emulator = RunComfyEmulator.builder().timing(Duration.ofMillis(50), Duration.ofMillis(100)).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void theLangChain4jExampleGeneratesThenEditsAStoredImage() throws Exception {
        Image dusk = LangChain4jExample.generate(emulator.token(), emulator.baseUrl().toString(), folder);

        assertThat(header(Path.of(dusk.url()))).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2048, 2048));
        assertThat(Path.of(dusk.url())).startsWith(folder.resolve("images"));
        assertThat(emulator.submissions()).extracting(s -> s.model().value())
                .containsExactly("bytedance/seedream-5/lite/text-to-image", "bytedance/seedream-5/lite/edit");
    }

    @Test
    void theSpringAiExampleMapsSizesAndOptions() throws Exception {
        List<String> urls = SpringAiExample.generate(emulator.token(), emulator.baseUrl().toString(), folder);

        assertThat(header(Path.of(URI.create(urls.get(0))))).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2848, 1600));
        assertThat(header(Path.of(URI.create(urls.get(1)))).mediaType()).isEqualTo(MediaType.JPEG);
        assertThat(header(Path.of(URI.create(urls.get(2)))).mediaType()).isEqualTo(MediaType.JPEG);
        assertThat(emulator.submissions()).hasSize(3);
    }

    @Test
    void thePageQuotesBothExamplesWordForWord() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String page = Files.readString(root.resolve("docs/frameworks.md"));

        for (String example : List.of("LangChain4jExample.java", "SpringAiExample.java")) {
            String source = Files.readString(root.resolve("adapter-cli/src/test/java/dev/easel/examples/" + example));
            String snippet = source.substring(source.indexOf("// tag::example[]") + "// tag::example[]".length(),
                    source.indexOf("        // end::example[]"));
            assertThat(page).as(example).contains(snippet.stripTrailing().stripIndent().strip());
        }
    }

    private static ImageHeaders.Header header(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return ImageHeaders.read(bytes, bytes.length).orElseThrow();
    }
}
