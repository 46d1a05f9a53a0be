package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void aPostgresqlUrlBecomesJdbcWithItsCredentialsKeptApart() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://team:p%40ss:w0rd@db.example:5433/easel?sslmode=require");

        assertThat(url.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/easel?sslmode=require");
        assertThat(url.user()).contains("team");
        assertThat(url.password()).contains("p@ss:w0rd");
        assertThat(url.toString()).doesNotContain("p@ss").doesNotContain("w0rd");
        assertThat(url.where()).isEqualTo("jdbc:postgresql://db.example:5433/easel?sslmode=require as team");
    }

    @Test
    void jdbcUrlsAreTakenAsTheyAreAndTheirPasswordIsHiddenInMessages() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/easel?user=team&password=hunter2");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/easel?user=team&password=hunter2");
        assertThat(url.where()).doesNotContain("hunter2").contains("password=***");
        assertThat(DatabaseUrl.parse("jdbc:sqlite:/tmp/x/easel.db").file()).contains(Path.of("/tmp/x/easel.db"));
    }

    @Test
    void anUnknownFormIsRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/easel"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mysql://root:***@db/easel")
                .hasMessageContaining("postgresql://user:password@host:5432/database")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
