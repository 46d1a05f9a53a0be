package dev.easel.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.in.BatchItem;
import dev.easel.core.port.in.BatchOutcome;
import dev.easel.core.testing.MutableClock;
import dev.easel.core.testing.TestCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plain progress line of a batch (not on a terminal): jobs the provider has finished count as storing, not running. */
class BatchProgressTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

    private final MutableClock clock = new MutableClock(AT);
    private final StringWriter err = new StringWriter();
    private final BatchProgress progress = new BatchProgress(new PrintWriter(err, true), false, clock);

    @Test
    void aJobTheProviderHasFinishedIsStoringNotRunning() {
        progress.onStart(3, 3);
        Job first = job("20261121-100000-aaaaaa");
        Job second = job("20261121-100000-bbbbbb");
        progress.onChange(item(1), first.moveTo(JobState.RUNNING, AT, ""));
        progress.onChange(item(2), second.moveTo(JobState.RUNNING, AT, ""));
        clock.advance(Duration.ofSeconds(2));
        progress.onChange(item(1), first.moveTo(JobState.RUNNING, AT, "")
                .succeeded(List.of(URI.create("https://example.com/1.png")), BigDecimal.ONE, AT));

        assertThat(lastLine()).contains("0/3 done, 1 running, 1 storing, 0 failed");

        Job stored = first.moveTo(JobState.RUNNING, AT, "").succeeded(List.of(URI.create("https://example.com/1.png")),
                BigDecimal.ONE, AT).stored(List.of(), AT);
        clock.advance(Duration.ofSeconds(2));
        progress.onDone(new BatchOutcome(item(1), BatchOutcome.Kind.STORED, Optional.of(stored), ""));

        assertThat(lastLine()).contains("1/3 done, 1 running, 0 failed");
    }

    private String lastLine() {
        List<String> lines = err.toString().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static BatchItem item(int line) {
        return new BatchItem(line, "key-" + line, ModelId.of("bytedance/seedream-5/lite/text-to-image"), Map.of("prompt", "p" + line));
    }

    private static Job job(String id) {
        return Job.pending(JobId.of(id), GenerationRequest.validated(TestCatalog.seedreamDescription().inputs(),
                Map.of("prompt", "a fox")), AT).moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("r-" + id), AT);
    }
}
