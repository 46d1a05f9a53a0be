package dev.easel.core.model;

import static dev.easel.core.model.JobState.CANCELLED;
import static dev.easel.core.model.JobState.EXPIRED;
import static dev.easel.core.model.JobState.FAILED;
import static dev.easel.core.model.JobState.PENDING;
import static dev.easel.core.model.JobState.QUEUED;
import static dev.easel.core.model.JobState.RUNNING;
import static dev.easel.core.model.JobState.STORED;
import static dev.easel.core.model.JobState.SUBMITTED;
import static dev.easel.core.model.JobState.SUBMITTING;
import static dev.easel.core.model.JobState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.testing.TestCatalog;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStateTest {

    private static final Map<JobState, Set<JobState>> EDGES = Map.of(
            PENDING, EnumSet.of(SUBMITTING, FAILED, CANCELLED),
            SUBMITTING, EnumSet.of(SUBMITTED, FAILED, CANCELLED),
            SUBMITTED, EnumSet.of(QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED),
            QUEUED, EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, EXPIRED),
            SUCCEEDED, EnumSet.of(STORED, EXPIRED, FAILED),
            STORED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class),
            EXPIRED, EnumSet.noneOf(JobState.class));

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final GenerationRequest REQUEST = GenerationRequest.validated(
            TestCatalog.seedreamDescription().inputs(), Map.of("prompt", "p"));

    @ParameterizedTest
    @EnumSource(JobState.class)
    void everyEdgeOfTheStateMachineAndNoOther(JobState from) {
        for (JobState to : JobState.values()) {
            assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(EDGES.get(from).contains(to));
        }
    }

    @Test
    void terminalStatesAreTheEnds() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isTerminal))
                .containsExactlyInAnyOrder(STORED, FAILED, CANCELLED, EXPIRED);
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isAtProvider))
                .containsExactlyInAnyOrder(SUBMITTED, QUEUED, RUNNING);
        assertThat(SUBMITTING.isTerminal()).isFalse();
        assertThat(SUBMITTING.isAtProvider()).as("a submit whose outcome is unknown is not followed").isFalse();
    }

    @Test
    void aJobRecordsEveryTransitionWithItsTime() {
        Job job = Job.pending(JobId.next(T0), REQUEST, T0)
                .moveTo(SUBMITTING, T0, "")
                .submitted(RequestId.of("req-1"), T0.plusSeconds(1))
                .moveTo(QUEUED, T0.plusSeconds(2), "")
                .moveTo(RUNNING, T0.plusSeconds(3), "")
                .succeeded(List.of(URI.create("https://cdn.runcomfy.net/a.png")), new BigDecimal("0.035"), T0.plusSeconds(4));

        assertThat(job.state()).isEqualTo(SUCCEEDED);
        assertThat(job.history()).extracting(Transition::state).containsExactly(PENDING, SUBMITTING, SUBMITTED, QUEUED, RUNNING, SUCCEEDED);
        assertThat(job.enteredAt(RUNNING)).contains(T0.plusSeconds(3));
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(job.updatedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(job.requestId()).contains(RequestId.of("req-1"));
        assertThat(job.cost()).contains(new BigDecimal("0.035"));
    }

    @Test
    void aJobCannotGoBackNorLeaveAnEnd() {
        Job running = Job.pending(JobId.next(T0), REQUEST, T0).moveTo(SUBMITTING, T0, "").submitted(RequestId.of("r"), T0).moveTo(RUNNING, T0, "");
        Job failed = running.moveTo(FAILED, T0, "boom");

        assertThatThrownBy(() -> running.moveTo(QUEUED, T0, "")).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("cannot move from RUNNING to QUEUED");
        assertThatThrownBy(() -> failed.moveTo(STORED, T0, "")).isInstanceOf(IllegalTransitionException.class);
        assertThat(failed.note()).isEqualTo("boom");
    }

    @Test
    void successNeedsAnOutput() {
        Job submitted = Job.pending(JobId.next(T0), REQUEST, T0).moveTo(SUBMITTING, T0, "").submitted(RequestId.of("r"), T0);
        assertThatThrownBy(() -> submitted.succeeded(List.of(), null, T0)).hasMessageContaining("without any output");
    }
}
