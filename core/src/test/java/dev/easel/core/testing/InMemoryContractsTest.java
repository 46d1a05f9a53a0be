package dev.easel.core.testing;

import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobJournal;
import java.util.List;
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
}
