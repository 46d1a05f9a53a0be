package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.storage.JobJson;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.RequestId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A journal written before jobs recorded their provider (schema V3) is brought to V4: each job is
 * ModelArk's when its request id is ModelArk's ({@code ark-…}), RunComfy's otherwise, and the
 * takeover's query, now filtered on the provider, still reads the unfinished-jobs index.
 */
class ProviderMigrationTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:00Z");
    private static final GenerationRequest REQUEST = GenerationRequest.restored(
            ModelId.of("bytedance/seedream-4-0/text-to-image"), Map.of("prompt", "a fox"));

    @TempDir
    Path folder;

    @Test
    void jobsJournaledBeforeTheProviderWasRecordedGetOneByTheirRequestId() throws Exception {
        Path file = folder.resolve("easel.db");
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        Flyway.configure(Database.class.getClassLoader()).dataSource(source).locations("classpath:db/migration/sqlite")
                .target("3").load().migrate();
        Job ark = sent(JobId.of("20261121-101500-aaaaaa"), "ark-0b1c");
        Job runComfy = sent(JobId.of("20261121-101501-bbbbbb"), "3f0c2a9e-runcomfy");
        try (Connection connection = source.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (id, created_at, updated_at, state, model,"
                     + " request_id, prompt, history_hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Job job : List.of(ark, runComfy)) {
                insert.setString(1, job.id().value());
                insert.setLong(2, job.createdAt().toEpochMilli());
                insert.setLong(3, job.updatedAt().toEpochMilli());
                insert.setString(4, job.state().name());
                insert.setString(5, job.request().model().value());
                insert.setString(6, job.requestId().orElseThrow().value());
                insert.setString(7, "a fox");
                insert.setString(8, SqlJobJournal.historyHash(job));
                insert.setString(9, new ObjectMapper().writeValueAsString(JobJson.of(job)));
                insert.executeUpdate();
            }
        }

        try (SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(file)))) {
            assertThat(journal.orphans("modelark", 10, false)).containsExactly(ark);
            assertThat(journal.orphans("runcomfy", 10, false)).containsExactly(runComfy);
        }
        try (Connection connection = source.getConnection();
             PreparedStatement plan = connection.prepareStatement("EXPLAIN QUERY PLAN SELECT record FROM jobs WHERE state NOT IN"
                     + " ('STORED', 'FAILED', 'CANCELLED', 'EXPIRED') AND state <> 'PENDING'"
                     + " AND (lease_owner IS NULL OR lease_until < ?) AND provider = ? ORDER BY created_at, id LIMIT ?");
             ResultSet rows = plan.executeQuery()) {
            List<String> steps = new ArrayList<>();
            while (rows.next()) {
                steps.add(rows.getString("detail"));
            }
            assertThat(steps).as("the takeover's query reads the unfinished jobs only")
                    .anySatisfy(step -> assertThat(step).contains("jobs_unfinished"));
        }
    }

    private static Job sent(JobId id, String requestId) {
        return Job.pending(id, REQUEST, AT).moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of(requestId), AT);
    }
}
