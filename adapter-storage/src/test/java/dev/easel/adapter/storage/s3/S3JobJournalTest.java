package dev.easel.adapter.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.testing.JobJournalContract;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3JobJournalTest extends JobJournalContract {

    @RegisterExtension
    static final S3ProxyExtension SERVER = S3Server.extension();

    private S3Location location;

    @Override
    protected JobJournal newJournal() {
        location = S3Location.of(S3Server.settings(SERVER, S3Server.newBucket(SERVER), "shared"));
        return new S3JobJournal(S3Clients.create(location), location);
    }

    /** A new process, or another server on the same bucket. */
    @Override
    protected JobJournal reopen() {
        return new S3JobJournal(S3Clients.create(location), location);
    }

    /** Another server claims the job between this one's read and its write: the conditional write is refused. */
    @Test
    void aClaimRacedBetweenReadAndWriteIsRefusedByTheConditionalWrite() throws Exception {
        Job pending = Job.pending(JobId.of("20261121-101500-dddddd"), REQUEST, AT);
        journal.record(pending);
        JobJournal other = reopen();
        Job theirs = pending.moveTo(JobState.SUBMITTING, AT.plusSeconds(2), "theirs");
        S3JobJournal racing = new S3JobJournal(S3Clients.create(location), location,
                () -> assertThat(other.recordIfUnchanged(pending, theirs)).isTrue());

        boolean mine = racing.recordIfUnchanged(pending, pending.moveTo(JobState.SUBMITTING, AT.plusSeconds(1), "mine"));

        assertThat(mine).isFalse();
        assertThat(reopen().find(pending.id())).contains(theirs);
    }

    @Test
    void twoServersOnOneBucketSeeEachOthersJobs() throws Exception {
        JobJournal other = reopen();
        Job mine = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        Job theirs = Job.pending(JobId.of("20261121-101501-bbbbbb"), REQUEST, AT.plusSeconds(1));

        journal.record(mine);
        other.record(theirs);

        assertThat(journal.jobs()).extracting(Job::id).containsExactly(mine.id(), theirs.id());
        assertThat(other.find(mine.id())).contains(mine);
    }
}
