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
import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * Migration V5: {@code easel usage} reads one covering index per grouping instead of every job's row,
 * on SQLite (a journal written at V4 is migrated, its sums unchanged) and on PostgreSQL. The plans are
 * read with EXPLAIN, so a query that stops matching its index's expression fails here.
 */
class UsageIndexTest {

    private static final Instant AT = Instant.parse("2026-11-21T23:59:00Z");
    private static final ModelId SEEDREAM = ModelId.of("bytedance/seedream-4-0/text-to-image");
    private static final ModelId FLUX = ModelId.of("black-forest-labs/flux-1-kontext/pro/edit");

    @TempDir
    Path folder;

    @Test
    void aJournalWrittenBeforeTheIndexesSumsTheSameFromThem() throws Exception {
        Path file = folder.resolve("easel.db");
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        Flyway.configure(Database.class.getClassLoader()).dataSource(source).locations("classpath:db/migration/sqlite")
                .target("4").load().migrate();
        try (Connection connection = source.getConnection()) {
            insertAtV4(connection, List.of(
                    paid(1, SEEDREAM, AT, "0.035", "alice"),
                    paid(2, SEEDREAM, AT.plusSeconds(120), "0.0125", null),
                    paid(3, FLUX, AT.plusSeconds(180), "0.04", "alice"),
                    pending(4, FLUX, AT.plusSeconds(240), "ci")));
        }

        try (SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(file)))) {
            assertSums(journal);
            for (UsageGrouping by : UsageGrouping.values()) {
                for (boolean since : List.of(false, true)) {
                    List<String> plan = sqlitePlan(journal.database(), by, since);
                    assertThat(plan).as("usage --by %s (since: %s): %s", by, since, plan)
                            .anySatisfy(step -> assertThat(step)
                                    .contains("USING COVERING INDEX jobs_usage_by_" + by.name().toLowerCase()))
                            .noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
                }
            }
        }
    }

    @Test
    void postgresqlAnswersFromTheIndexesAlone() throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        try (SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.parse(url)))) {
            journal.recordAll(List.of(
                    paid(1, SEEDREAM, AT, "0.035", "alice"),
                    paid(2, SEEDREAM, AT.plusSeconds(120), "0.0125", null),
                    paid(3, FLUX, AT.plusSeconds(180), "0.04", "alice"),
                    pending(4, FLUX, AT.plusSeconds(240), "ci")));
            assertSums(journal);

            try (Connection connection = journal.database().connection(); Statement statement = connection.createStatement()) {
                // Which plan PostgreSQL picks depends on its statistics and on how much of the table
                // vacuum has marked visible; this asks whether each index can answer its query alone
                // (an index-only scan, in the grouping's order), which needs the query to match it.
                statement.execute("SET enable_seqscan = off");
                statement.execute("SET enable_bitmapscan = off");
                statement.execute("SET enable_hashagg = off");
                for (UsageGrouping by : UsageGrouping.values()) {
                    List<String> plan = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery("EXPLAIN " + SqlJobJournal.usageSql(by, false))) {
                        while (rows.next()) {
                            plan.add(rows.getString(1));
                        }
                    }
                    assertThat(plan).as("usage --by %s: %s", by, plan)
                            .anySatisfy(step -> assertThat(step)
                                    .contains("Index Only Scan using jobs_usage_by_" + by.name().toLowerCase()))
                            .noneSatisfy(step -> assertThat(step).contains("Sort"));
                }
            }
        }
    }

    private static void assertSums(SqlJobJournal journal) {
        List<UsageLine> models = journal.usage(Optional.empty(), UsageGrouping.MODEL);
        assertThat(models).extracting(UsageLine::group).containsExactly(FLUX.value(), SEEDREAM.value());
        assertThat(models).extracting(UsageLine::jobs).containsExactly(2L, 2L);
        assertThat(models).extracting(UsageLine::pricedJobs).containsExactly(1L, 2L);
        assertThat(models.get(1).costUsd()).isEqualByComparingTo("0.0475");

        List<UsageLine> days = journal.usage(Optional.empty(), UsageGrouping.DAY);
        assertThat(days).extracting(UsageLine::group).containsExactly("2026-11-21", "2026-11-22");
        assertThat(days).extracting(UsageLine::jobs).containsExactly(1L, 3L);
        assertThat(days.get(1).costUsd()).isEqualByComparingTo("0.0525");

        List<UsageLine> keys = journal.usage(Optional.empty(), UsageGrouping.KEY);
        assertThat(keys).extracting(UsageLine::group).containsExactly("alice", "ci", UsageGrouping.LOCAL);
        assertThat(keys).extracting(UsageLine::jobs).containsExactly(2L, 1L, 1L);
        assertThat(keys.get(0).costUsd()).isEqualByComparingTo("0.075");

        assertThat(journal.usage(Optional.of(AT.plusSeconds(60)), UsageGrouping.DAY)).singleElement()
                .satisfies(line -> assertThat(line.jobs()).isEqualTo(3));
    }

    private static List<String> sqlitePlan(Database database, UsageGrouping by, boolean since) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (Connection connection = database.connection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + SqlJobJournal.usageSql(by, since))) {
            if (since) {
                explain.setLong(1, AT.toEpochMilli());
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    steps.add(rows.getString("detail"));
                }
            }
        }
        return steps;
    }

    private static void insertAtV4(Connection connection, List<Job> jobs) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (id, created_at, updated_at, state, model,"
                + " request_id, prompt, cost_micros, history_hash, record, requested_by, provider)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'runcomfy')")) {
            for (Job job : jobs) {
                insert.setString(1, job.id().value());
                insert.setLong(2, job.createdAt().toEpochMilli());
                insert.setLong(3, job.updatedAt().toEpochMilli());
                insert.setString(4, job.state().name());
                insert.setString(5, job.request().model().value());
                insert.setString(6, job.requestId().map(RequestId::value).orElse(null));
                insert.setString(7, "a fox");
                if (job.cost().isPresent()) {
                    insert.setLong(8, job.cost().get().movePointRight(6).longValueExact());
                } else {
                    insert.setNull(8, Types.BIGINT);
                }
                insert.setString(9, SqlJobJournal.historyHash(job));
                insert.setString(10, new ObjectMapper().writeValueAsString(JobJson.of(job)));
                insert.setString(11, job.requestedBy().orElse(null));
                insert.executeUpdate();
            }
        }
    }

    private static Job paid(int n, ModelId model, Instant at, String cost, String key) {
        Job job = pending(n, model, at, key).moveTo(JobState.SUBMITTING, at, "").submitted(RequestId.of("req-" + n), at);
        return job.succeeded(List.of(URI.create("https://x/" + n + ".png")), new BigDecimal(cost), at);
    }

    private static Job pending(int n, ModelId model, Instant at, String key) {
        Job job = Job.pending(JobId.of("20261121-2359" + String.format("%02d", n) + "-aaaaa" + n), request(model), at);
        return key == null ? job : job.requestedBy(key);
    }

    private static GenerationRequest request(ModelId model) {
        return GenerationRequest.restored(model, Map.of("prompt", "a fox"));
    }
}
