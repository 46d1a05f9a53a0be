package dev.easel.adapter.storage.sql;

import java.util.List;
import java.util.stream.Collectors;

/** What differs between the two databases the journal runs on: migrations, text search, planner hints. */
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
        String unindexed() {
            return "+";
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
        String unindexed() {
            return "";
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

    /**
     * Put before a column in a condition, keeps the planner from walking that column's index. SQLite
     * (which keeps no statistics unless asked) otherwise answers "stored jobs with these words" by
     * walking every stored job in the state index and looking each up in the text index's matches:
     * 0.2 s at 100,000 jobs, growing with the journal; from the text index's few matches it takes
     * well under a millisecond. PostgreSQL plans from the statistics it keeps, so nothing is added.
     */
    abstract String unindexed();
}
