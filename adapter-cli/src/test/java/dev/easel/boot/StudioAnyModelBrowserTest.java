package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.easel.core.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio in Chromium with a model that exists only in the emulator's catalog, picked by searching,
 * its form built from its schema; and the edit model with an image chosen in the file picker.
 */
class StudioAnyModelBrowserTest {

    private static Chromium chromium;

    @TempDir
    Path work;

    private EaselHarness harness;
    private ServeCommand.Server server;
    private Page page;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void close() {
        chromium.close();
    }

    @BeforeEach
    void open() {
        harness = new EaselHarness(work, b -> b.models(List.of(AnyModelTest.painter()))
                .timing(Duration.ofMillis(100), Duration.ofMillis(300)));
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        page = chromium.newPage();
        page.setDefaultTimeout(20_000);
        page.navigate("http://127.0.0.1:" + server.port() + "/");
        page.waitForSelector("#input-resolution");
        page.waitForSelector(".live.on");
    }

    @AfterEach
    void stop() {
        server.close();
        harness.close();
    }

    private void pick(String search, String model, String firstField) {
        page.fill("#model-search", search);
        // The search is debounced: wait until the list shows its answer, not the list from before.
        page.waitForSelector("#model[data-search='" + search + "'] option[value='" + model + "']",
                new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
        // A search that leaves one model selects it and starts loading its form by itself; picking it
        // as a person would, perhaps while that form loads, must not build the form a second time
        // (which would wipe a file chosen in between).
        page.selectOption("#model", model);
        page.waitForSelector("#input-" + firstField);
    }

    @Test
    void aModelOnlyTheCatalogKnowsIsPickedBySearchAndGenerated() {
        pick("painter", AnyModelTest.PAINTER, "width");

        assertThat(page.locator("#model option").count()).isEqualTo(1);
        assertThat(page.getAttribute("#input-width", "max")).isEqualTo("2048");
        assertThat(page.locator("#input-enhance_prompt").getAttribute("type")).isEqualTo("checkbox");
        page.fill("#prompt", "a cat on a roof");
        page.fill("#input-width", "640");
        page.fill("#input-height", "480");
        page.check("#input-enhance_prompt");
        page.click("#submit");

        page.waitForSelector(".job .state.stored");
        page.waitForSelector(".gallery .tile img");
        page.locator(".gallery .tile button").first().click();
        page.waitForFunction("document.getElementById('viewer-image').naturalWidth > 0");
        assertThat(page.evaluate("document.getElementById('viewer-image').naturalWidth")).isEqualTo(640);
        assertThat(page.evaluate("document.getElementById('viewer-image').naturalHeight")).isEqualTo(480);
        assertThat(harness.emulator().submissions()).singleElement().satisfies(s -> {
            assertThat(s.model().value()).isEqualTo(AnyModelTest.PAINTER);
            assertThat(s.inputs()).containsEntry("width", 640).containsEntry("enhance_prompt", true);
        });
    }

    @Test
    void theEditModelTakesAnImageFromTheFilePickerWithAThumbnail() throws Exception {
        Path photo = work.resolve("photo.png");
        Files.write(photo, TestImages.png(320, 240));
        pick("edit", AnyModelTest.EDIT, "image");

        page.setInputFiles("#input-image", photo);
        page.waitForSelector("#input-image-thumbs .thumb[data-upload] img");
        page.fill("#prompt", "make the sky purple");
        page.click("#submit");

        page.waitForSelector(".job .state.stored");
        assertThat(harness.emulator().fetchedInputs()).singleElement().asString().startsWith("data:image/png;base64");
    }

    @Test
    void anImageDroppedOnTheDropZoneIsUploadedAndSent() throws Exception {
        byte[] png = TestImages.png(200, 150);
        pick("edit", AnyModelTest.EDIT, "image");

        // What a browser hands the page when a file is dragged in from the desktop: a drop event whose
        // DataTransfer carries the file.
        JSHandle dropped = page.evaluateHandle("""
                ([name, base64]) => {
                  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                  const transfer = new DataTransfer();
                  transfer.items.add(new File([bytes], name, { type: 'image/png' }));
                  return transfer;
                }""", List.of("dropped.png", Base64.getEncoder().encodeToString(png)));
        page.dispatchEvent("#input-image-drop", "dragover", Map.of("dataTransfer", dropped));
        assertThat(page.getAttribute("#input-image-drop", "class")).contains("over");
        page.dispatchEvent("#input-image-drop", "drop", Map.of("dataTransfer", dropped));

        page.waitForSelector("#input-image-thumbs .thumb[data-upload] img");
        assertThat(page.getAttribute("#input-image-drop", "class")).doesNotContain("over");
        assertThat(page.locator("#input-image-thumbs .thumb span").textContent()).isEqualTo("dropped.png");
        page.fill("#prompt", "make the sky purple");
        page.click("#submit");

        page.waitForSelector(".job .state.stored");
        String sent = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        assertThat(harness.emulator().submissions()).singleElement()
                .satisfies(s -> assertThat(s.inputs()).containsEntry("image", List.of(sent)));
        assertThat(harness.emulator().fetchedInputs()).singleElement().asString().startsWith("data:image/png;base64");
    }

    @Test
    void aFileThatIsNoImageIsRefusedBesideItsThumbnail() throws Exception {
        Path notes = work.resolve("notes.png");
        Files.writeString(notes, "not an image");
        pick("edit", AnyModelTest.EDIT, "image");

        page.setInputFiles("#input-image", notes);

        page.waitForSelector("#input-image-thumbs .thumb.failed");
        assertThat(page.locator("#input-image-thumbs .thumb.failed span").textContent()).contains("notes.png", "is not an image");
        assertThat(harness.emulator().calls("submit")).isZero();
    }
}
