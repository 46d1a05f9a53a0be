package dev.easel.adapter.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.adapter.runcomfy.BundledModelCatalog;
import dev.easel.adapter.runcomfy.RunComfyProvider;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.storage.file.FileImageStore;
import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.core.Easel;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.JobNotStoredException;
import dev.easel.core.model.MediaType;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Easel behind LangChain4j's {@link ImageModel}, used only through that interface, against the RunComfy emulator. */
class EaselImageModelTest {

    @TempDir
    Path folder;

    private RunComfyEmulator emulator;
    private Easel easel;
    private ImageModel model;

    @BeforeEach
    void start() {
        emulator = RunComfyEmulator.builder().timing(Duration.ofMillis(50), Duration.ofMillis(150)).start();
        easel = Easel.builder()
                .provider(RunComfyProvider.builder().token(emulator.token()).baseUrl(emulator.baseUrl().toString()).build())
                .catalog(BundledModelCatalog.load())
                .store(FileImageStore.at(folder.resolve("images")))
                .journal(new FileJobJournal(folder.resolve("journal.jsonl")))
                .build();
        model = EaselImageModel.builder(easel)
                .input("resolution", "2048x2048")
                .editModel("bytedance/seedream-5/lite/edit")
                .build();
    }

    @AfterEach
    void stop() {
        easel.close();
        emulator.close();
    }

    @Test
    void generateReturnsAnImageThatPointsAtEaselsStoredCopy() throws Exception {
        Response<Image> response = model.generate("a lighthouse at dusk");

        Image image = response.content();
        assertThat(image.url().getScheme()).isEqualTo("file");
        assertThat(image.mimeType()).isEqualTo("image/png");
        assertThat(header(Path.of(image.url()))).isEqualTo(new ImageHeaders.Header(MediaType.PNG, 2048, 2048));
        assertThat(Path.of(image.url())).startsWith(folder.resolve("images"));
        assertThat(response.metadata()).containsKey("job_id").containsEntry("model", "bytedance/seedream-5/lite/text-to-image");
        assertThat(emulator.submissions()).singleElement().satisfies(s -> {
            assertThat(s.inputs()).containsEntry("prompt", "a lighthouse at dusk");
            assertThat(s.inputs()).containsEntry("resolution", "2048x2048 (1:1)");
        });
    }

    @Test
    void generateNRunsNJobsAndReturnsNStoredImages() throws Exception {
        Response<List<Image>> response = model.generate("three foxes", 3);

        assertThat(response.content()).hasSize(3).allSatisfy(image -> assertThat(Path.of(image.url())).isRegularFile());
        assertThat(response.content()).extracting(Image::url).doesNotHaveDuplicates();
        assertThat(emulator.submissions()).hasSize(3);
    }

    @Test
    void editSendsTheStoredImageToTheEditModel() throws Exception {
        Image original = model.generate("a red door").content();

        Response<Image> edited = model.edit(original, "paint the door blue");

        assertThat(Path.of(edited.content().url())).isRegularFile().isNotEqualTo(Path.of(original.url()));
        assertThat(edited.metadata()).containsEntry("model", "bytedance/seedream-5/lite/edit");
        assertThat(emulator.submissions()).hasSize(2);
        List<?> references = (List<?>) emulator.submissions().get(1).inputs().get("image");
        assertThat(references).singleElement().asString().startsWith("data:image/png;base64,");
    }

    @Test
    void invalidInputIsRefusedWithEveryProblemAndNothingIsSubmitted() {
        ImageModel wrong = EaselImageModel.builder(easel).input("resolution", "9x9").input("colour", "red").build();

        assertThatThrownBy(() -> wrong.generate("a fox"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations()).hasSize(2))
                .hasMessageContaining("resolution \"9x9\"").hasMessageContaining("colour");
        assertThat(emulator.submissions()).isEmpty();
    }

    @Test
    void aFailedJobIsAnExceptionThatCarriesTheJob() {
        assertThatThrownBy(() -> model.generate("a fox " + RunComfyEmulator.FAIL_MARKER))
                .isInstanceOfSatisfying(JobNotStoredException.class,
                        e -> assertThat(e.job().state().name()).isEqualTo("FAILED"))
                .hasMessageContaining("ended FAILED");
    }

    private static ImageHeaders.Header header(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return ImageHeaders.read(bytes, bytes.length).orElseThrow();
    }
}
