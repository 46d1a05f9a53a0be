package dev.easel.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.Submission;
import dev.easel.core.port.out.GenerationProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GenerationProvider} must do, queue-shaped or synchronous. Each provider's test
 * extends this with a provider pointed at a service it controls (its emulator over real HTTP, or
 * the in-memory {@link ScriptedProvider}), so the generation flow can rely on the port alone.
 */
public abstract class GenerationProviderContract {

    protected GenerationProvider provider;

    /** A provider whose credentials the service accepts. */
    protected abstract GenerationProvider newProvider() throws Exception;

    /** A provider of the same service whose credentials the service refuses. */
    protected abstract GenerationProvider providerWithRefusedCredentials() throws Exception;

    /** Arranges that the service receives the next submit, creates the job, and its answer is lost. */
    protected abstract void loseTheNextSubmitAnswer();

    /** How many jobs the service has created (and would bill) so far. */
    protected abstract int jobsCreated();

    /** Inputs that the service runs and then fails (an emulator's failure marker, a refused prompt). */
    protected abstract Map<String, Object> inputsThatFail();

    /** A request for the Seedream 5.0 Lite text-to-image model; override for a provider of other models. */
    protected GenerationRequest request(Map<String, Object> inputs) {
        return GenerationRequest.validated(TestCatalog.seedreamDescription().inputs(), inputs);
    }

    /** The longest a job of this service takes here. */
    protected Duration patience() {
        return Duration.ofSeconds(20);
    }

    @BeforeEach
    void freshProvider() throws Exception {
        provider = newProvider();
    }

    @Test
    void itsNameIsHowTheSettingsSpellItAndDoesNotChange() throws Exception {
        assertThat(provider.name()).as("a name as EASEL_PROVIDER and --provider spell it").matches("[a-z][a-z0-9-]*");
        assertThat(newProvider().name()).as("every instance of one provider has one name").isEqualTo(provider.name());
    }

    @Test
    void aRequestEndsWithOutputsThatOpenAsTheAskedFormat() throws IOException {
        ProviderResult png = outcome(provider.submit(request(Map.of("prompt", "a lighthouse", "output_format", "png"))));
        ProviderResult jpeg = outcome(provider.submit(request(Map.of("prompt", "a harbour", "output_format", "jpeg"))));

        assertThat(png.state()).isEqualTo(RemoteState.SUCCEEDED);
        assertThat(png.outputs()).hasSize(1);
        assertThat(firstBytes(png.outputs().get(0), 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(jpeg.outputs()).hasSize(1);
        assertThat(firstBytes(jpeg.outputs().get(0), 2)).containsExactly(0xFF, 0xD8);
        provider.release(png.outputs());
        provider.release(jpeg.outputs());
    }

    @Test
    void eachSubmitCreatesOneJobWithItsOwnId() {
        int before = jobsCreated();
        Submission first = provider.submit(request(Map.of("prompt", "one")));
        Submission second = provider.submit(request(Map.of("prompt", "two")));

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(jobsCreated()).isEqualTo(before + 2);
    }

    @Test
    void aJobTheServiceFailsEndsFailedWithItsReason() {
        ProviderResult failed = outcome(provider.submit(request(inputsThatFail())));

        assertThat(failed.state()).isEqualTo(RemoteState.FAILED);
        assertThat(failed.outputs()).isEmpty();
        assertThat(failed.error()).hasValueSatisfying(reason -> assertThat(reason).isNotBlank());
    }

    @Test
    void refusedCredentialsAreAnAuthenticationErrorAndCreateNothing() throws Exception {
        GenerationProvider refused = providerWithRefusedCredentials();
        int before = jobsCreated();

        assertThatThrownBy(() -> refused.submit(request(Map.of("prompt", "x")))).isInstanceOf(AuthenticationException.class);
        assertThat(jobsCreated()).isEqualTo(before);
    }

    @Test
    void aLostSubmitAnswerIsOutcomeUnknownAndTheRequestIsNeverSentAgain() {
        int before = jobsCreated();
        loseTheNextSubmitAnswer();

        assertThatThrownBy(() -> provider.submit(request(Map.of("prompt", "paid once"))))
                .isInstanceOf(SubmissionOutcomeUnknownException.class);
        assertThat(jobsCreated()).isEqualTo(before + 1);
    }

    @Test
    void aCancelAnswersWithAnOutcomeAndACancelledJobEndsCancelled() {
        assumeThat(provider.cancellation()).as("this provider cannot cancel").isPresent();
        Submission submitted = provider.submit(request(Map.of("prompt", "soon cancelled")));
        assumeThat(submitted).isInstanceOf(Submission.Accepted.class);

        CancelOutcome outcome = provider.cancellation().orElseThrow().cancel(submitted.id());

        if (outcome == CancelOutcome.CANCELLED) {
            assertThat(outcome(submitted).state()).isEqualTo(RemoteState.CANCELLED);
        } else {
            assertThat(outcome(submitted).state()).isIn(RemoteState.SUCCEEDED, RemoteState.FAILED);
        }
    }

    @Test
    void releasingOutputsItDoesNotHoldIsHarmless() {
        provider.release(List.of(URI.create("https://example.invalid/not-ours.png")));
    }

    /** The outcome of a submission: at once when it finished, else by asking the service until it ends. */
    protected ProviderResult outcome(Submission submission) {
        if (submission instanceof Submission.Finished finished) {
            return finished.result();
        }
        AtomicReference<ProviderResult> result = new AtomicReference<>();
        Await.until("request " + submission.id() + " to end", patience(), () -> {
            if (!provider.status(submission.id()).state().isFinished()) {
                return false;
            }
            ProviderResult answer = provider.result(submission.id());
            result.set(answer);
            return answer.state().isFinished();
        });
        return result.get();
    }

    private int[] firstBytes(URI output, int count) throws IOException {
        try (InputStream in = provider.openOutput(output)) {
            int[] bytes = new int[count];
            for (int i = 0; i < count; i++) {
                bytes[i] = in.read();
            }
            return bytes;
        }
    }
}
