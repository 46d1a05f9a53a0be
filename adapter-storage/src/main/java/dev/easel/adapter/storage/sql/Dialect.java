package dev.easel.adapter.storage.sql;

import java.util.List;
import java.util.stream.Collectors;

/** What differs between the two databases the journal runs on: migrations, text search, day grouping. */
public enum Dialect {
    SQLITE("classpath:db/migration/sqlite") {
        @Override
        String textMatch() {
            return "rowid IN (SELECT rowid FROM jobs_text WHERE jobs_text MATCH ?)";
        }

        @Override
        String textArgument(List<String> words) {
            return words.stream().map(w -> "\"" + w.replace("\"", "\"\"") + "\"").collect(Collectors.joining(" "));
        }

        @Override
        String day() {
            return "strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')";
        }
    },
    POSTGRESQL("classpath:db/migration/postgresql") {
        @Override
        String textMatch() {
            return "prompt_words @@ plainto_tsquery('simple', ?)";
        }

        @Override
        String textArgument(List<String> words) {
            return String.join(" ", words);
        }

        @Override
        String day() {
            return "to_char(to_timestamp(created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
        }
    };

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    String migrations() {
        return migrations;
    }

    /** A condition, with one parameter, that holds when the prompt contains every search word. */
    abstract String textMatch();

    abstract String textArgument(List<String> words);

    /** The job's creation day, {@code yyyy-MM-dd} in UTC, as an SQL expression. */
    abstract String day();
}
