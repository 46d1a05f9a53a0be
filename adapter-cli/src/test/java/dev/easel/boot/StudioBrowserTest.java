package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.easel.core.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio driven in Debian's Chromium, headless, through Playwright: a person's path from prompt to
 * picture, live status without reloading, the larger view, and a prompt made of HTML shown as text.
 */
class StudioBrowserTest {

    private static Chromium chromium;

    @TempDir
    Path work;

    private EaselHarness harness;
    private ServeCommand.Server server;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void close() {
        chromium.close();
    }

    @AfterEach
    void stop() {
        server.close();
        harness.close();
    }

    private Page studio(String apiKeys) {
        return studio(apiKeys, null);
    }

    /** With {@code emulatorClock}, a job stays in each phase at the emulator until the test moves that clock on. */
    private Page studio(String apiKeys, MutableClock emulatorClock) {
        harness = new EaselHarness(work, b -> {
            b.timing(Duration.ofMillis(700), Duration.ofMillis(900));
            if (emulatorClock != null) {
                b.clock(emulatorClock);
            }
        });
        if (apiKeys != null) {
            harness.env().put("EASEL_API_KEYS", apiKeys);
        }
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);
        Page page = chromium.newPage();
        page.setDefaultTimeout(20_000);
        page.navigate("http://127.0.0.1:" + server.port() + "/");
        return page;
    }

    /** The studio is ready once its form is built and its live stream is open. */
    private static void ready(Page page) {
        page.waitForSelector("#input-resolution");
        page.waitForSelector(".live.on");
    }

    @Test
    void fromPromptToPictureWithLiveStatus() {
        // The emulator's clock stands still, so each live state shows for as long as the test looks
        // for it, however loaded the machine: the job is queued until the clock passes its queue time.
        MutableClock emulatorClock = new MutableClock(Instant.now());
        Page page = studio(null, emulatorClock);
        ready(page);

        page.fill("#prompt", "a lighthouse at dusk, long exposure");
        page.selectOption("#input-resolution", "2048x2048 (1:1)");
        page.click("#submit");

        page.waitForSelector(".job .state.queued");
        emulatorClock.advance(Duration.ofMillis(700));
        page.waitForSelector(".job .state.running");
        emulatorClock.advance(Duration.ofMillis(900));
        page.waitForSelector(".job .state.stored");
        page.waitForSelector(".gallery .tile img");
        assertThat(page.locator(".gallery .tile p").first().textContent()).isEqualTo("a lighthouse at dusk, long exposure");

        page.locator(".gallery .tile button").first().click();
        page.waitForSelector("#viewer[open]");
        assertThat(page.locator("#viewer-prompt").textContent()).isEqualTo("a lighthouse at dusk, long exposure");
        page.waitForFunction("document.getElementById('viewer-image').naturalWidth > 0");
        assertThat(page.evaluate("document.getElementById('viewer-image').naturalWidth")).isEqualTo(2048);
        assertThat(page.locator("#viewer-settings").textContent()).contains("resolution", "2048x2048 (1:1)");
        assertThat(page.locator("#viewer-download").getAttribute("href")).contains("/files/");

        page.click("#viewer-reuse");
        assertThat(page.inputValue("#prompt")).isEqualTo("a lighthouse at dusk, long exposure");
        assertThat(page.inputValue("#input-resolution")).isEqualTo("2048x2048 (1:1)");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "studio.png")));
    }

    @Test
    void anAnswerOlderThanTheLiveNewsNeverTurnsAJobBack() {
        // The submit's answer (the job just sent) is held in the browser until the live stream has told
        // of the job's first poll (queued); then it arrives, older than what the page shows.
        MutableClock emulatorClock = new MutableClock(Instant.now());
        Page page = studio(null, emulatorClock);
        ready(page);
        AtomicReference<Route> held = new AtomicReference<>();
        AtomicReference<APIResponse> answer = new AtomicReference<>();
        page.route("**/api/v1/jobs", route -> {
            if (!"POST".equals(route.request().method())) {
                route.resume();
                return;
            }
            answer.set(route.fetch());
            held.set(route);
        });

        page.fill("#prompt", "a harbour at night");
        page.click("#submit");
        page.waitForSelector(".job .state.queued");
        assertThat(held.get()).as("the submit's answer is still held").isNotNull();
        assertThat(answer.get().text()).contains("\"state\":\"submitted\"");
        held.get().fulfill(new Route.FulfillOptions().setResponse(answer.get()));
        page.waitForSelector("#submit:not([disabled])");

        assertThat(page.locator(".job .state").first().textContent()).isEqualTo("queued");
        assertThat(page.locator(".job").count()).isEqualTo(1);
    }

    @Test
    void aPromptMadeOfHtmlShowsAsText() {
        Page page = studio(null);
        List<String> dialogs = new CopyOnWriteArrayList<>();
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        ready(page);
        String hostile = "<img src=x onerror=alert(1)>";

        page.fill("#prompt", hostile);
        page.click("#submit");
        page.waitForSelector(".job .state.stored");
        page.waitForSelector(".gallery .tile p");

        assertThat(page.locator(".gallery .tile p").first().textContent()).isEqualTo(hostile);
        assertThat(page.locator(".job .job-prompt").first().textContent()).isEqualTo(hostile);
        assertThat(page.locator("img[src='x']").count()).isZero();
        assertThat(dialogs).isEmpty();
    }

    @Test
    void invalidInputIsExplainedAndNothingIsSent() {
        Page page = studio(null);
        page.waitForSelector("#input-resolution");

        page.click("#submit");

        page.waitForSelector("#problems:not([hidden])");
        assertThat(page.locator("#problems").textContent()).contains("Nothing was submitted", "prompt \"\" must not be empty");
        assertThat(harness.emulator().calls("submit")).isZero();
    }

    @Test
    void aSharedServerAsksForAKeyAndThenWorks() {
        Page page = studio("studio-key-0123456789abcdef");
        page.waitForSelector("#sign-in:not([hidden])");

        page.fill("#api-key", "not-the-key-0123456789");
        page.click("#sign-in-form button[type=submit]");
        page.waitForSelector("#sign-in-error:not([hidden])");
        page.fill("#api-key", "studio-key-0123456789abcdef");
        page.click("#sign-in-form button[type=submit]");

        ready(page);
        page.fill("#prompt", "signed in");
        page.click("#submit");
        page.waitForSelector(".job .state.stored");
        assertThat(harness.emulator().submissions()).hasSize(1);
    }

    @Test
    void aForeignPageCannotSubmitWhileTheStudioStillWorks() throws Exception {
        Page studio = studio(null);
        ready(studio);
        String target = "http://127.0.0.1:" + server.port();
        String attack = "<!doctype html><title>cat pictures</title><form id=f method=post enctype=text/plain target=sink"
                + " action='" + target + "/api/v1/jobs'><input name='{\"inputs\":{\"prompt\":\"form\",\"x\":\"' value='\"}}'></form>"
                + "<iframe name=sink></iframe><script>"
                + "const body = JSON.stringify({inputs: {prompt: 'paid by a stranger'}});"
                + "Promise.allSettled(["
                + " fetch('" + target + "/api/v1/jobs', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body}),"
                + " fetch('" + target + "/v1/models/bytedance/seedream-5/lite/text-to-image', {method: 'POST', mode: 'no-cors',"
                + "   body: JSON.stringify({prompt: 'paid by a stranger'})}),"
                + " fetch('" + target + "/api/v1/jobs', {method: 'POST', mode: 'no-cors', credentials: 'include', body})"
                + "]).then(() => { navigator.sendBeacon('" + target + "/api/v1/jobs', body);"
                + " document.querySelector('iframe').onload = () => { document.title = 'done'; };"
                + " document.getElementById('f').submit(); });"
                + "</script>";
        com.sun.net.httpserver.HttpServer foreign = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        foreign.createContext("/", exchange -> {
            byte[] page = attack.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        foreign.start();
        try {
            Page evil = studio.context().newPage();
            evil.navigate("http://localhost:" + foreign.getAddress().getPort() + "/");
            evil.waitForFunction("document.title === 'done'");
        } finally {
            foreign.stop(0);
        }
        assertThat(harness.emulator().calls("submit")).as("nothing a foreign page sent reached the provider").isZero();

        studio.fill("#prompt", "still works");
        studio.click("#submit");
        studio.waitForSelector(".job .state.stored");
        assertThat(harness.emulator().submissions()).hasSize(1);
    }
}
