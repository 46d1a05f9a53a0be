package dev.easel.core.testing;

import dev.easel.core.error.AuthenticationException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.RemoteState;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.ModelCatalog;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/** The in-memory doubles obey the same contracts as the real adapters, so core tests can trust them. */
class InMemoryContractsTest {

    @Nested
    class ImageStoreInMemory extends ImageStoreContract {
        @Override
        protected ImageStore newStore() {
            return new InMemoryImageStore();
        }

        @Override
        protected List<String> visibleEntries() {
            return ((InMemoryImageStore) store).keys();
        }
    }

    @Nested
    class JobRecordsInMemory extends JobRecordsContract {
        @Override
        protected JobRecords newRecords() {
            return new InMemoryJobRecords();
        }

        @Override
        protected Optional<Job> recordBeside(String imageKey, JobId id) {
            return Optional.ofNullable(((InMemoryJobRecords) records).records().get(id.value()));
        }

        @Override
        protected List<String> entries() {
            return List.copyOf(((InMemoryJobRecords) records).records().keySet());
        }
    }

    @Nested
    class JobJournalInMemory extends JobJournalContract {
        @Override
        protected JobJournal newJournal() {
            return new InMemoryJobJournal();
        }

        @Override
        protected JobJournal reopen() {
            return journal;
        }

        @org.junit.jupiter.api.Test
        void ofManyRacingClaimsExactlyOneWins() throws Exception {
            assertExactlyOneOfManyRacingClaimsWins();
        }
    }

    @Nested
    class TestCatalogInMemory extends ModelCatalogContract {
        @Override
        protected ModelCatalog newCatalog() {
            return TestCatalog.seedream();
        }
    }

    @Nested
    class QueueShapedScriptedProvider extends ScriptedProviderContract {
        @Override
        ScriptedProvider shape(ScriptedProvider provider) {
            return provider.statuses(RemoteState.QUEUED, RemoteState.SUCCEEDED).cancelsQueued();
        }
    }

    @Nested
    class SynchronousScriptedProvider extends ScriptedProviderContract {
        @Override
        ScriptedProvider shape(ScriptedProvider provider) {
            return provider.synchronous();
        }
    }

    /** Succeeds with a PNG or a JPEG as the request asks, and fails prompts that say "[fail]". */
    abstract static class ScriptedProviderContract extends GenerationProviderContract {

        private static final URI PNG = URI.create("https://cdn.example.test/1.png");
        private static final URI JPEG = URI.create("https://cdn.example.test/1.jpeg");

        private ScriptedProvider scripted;

        abstract ScriptedProvider shape(ScriptedProvider provider);

        @Override
        protected GenerationProvider newProvider() {
            scripted = shape(new ScriptedProvider()
                    .serves(Map.of(PNG, TestImages.png(4, 4), JPEG, TestImages.jpegHeader(4, 4)))
                    .resultsBy(request -> String.valueOf(request.inputs().get("prompt")).contains("[fail]")
                            ? ProviderResult.failed("the scripted service failed it")
                            : ProviderResult.succeeded(List.of("jpeg".equals(request.inputs().get("output_format")) ? JPEG : PNG),
                                    Optional.empty())));
            return scripted;
        }

        @Override
        protected GenerationProvider providerWithRefusedCredentials() {
            return new ScriptedProvider().submitFails(new AuthenticationException("the scripted service refused the key"));
        }

        @Override
        protected void loseTheNextSubmitAnswer() {
            scripted.loseNextAnswer();
        }

        @Override
        protected int jobsCreated() {
            return scripted.submitted().size();
        }

        @Override
        protected Map<String, Object> inputsThatFail() {
            return Map.of("prompt", "a cat [fail]");
        }
    }
}
