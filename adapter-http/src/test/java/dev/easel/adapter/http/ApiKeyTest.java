package dev.easel.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Naming the server's API keys: {@code name:key}, or a key alone named by its place; secrets never in messages. */
class ApiKeyTest {

    private static final String ALICE = "alice-s3cret-0123456789";
    private static final String BARE = "Zm9vYmFyYmF6cXV4cXV1eA==";

    @Test
    void aKeyIsNamedByItsPrefixOrByItsPlace() {
        List<ApiKey> keys = ApiKey.parse(List.of("alice:" + ALICE, " " + BARE + " ", "ci.bot-2:" + ALICE.toUpperCase()));

        assertThat(keys).extracting(ApiKey::name).containsExactly("alice", "key2", "ci.bot-2");
        assertThat(keys).extracting(ApiKey::secret).containsExactly(ALICE, BARE, ALICE.toUpperCase());
        assertThat(keys.get(0).toString()).doesNotContain(ALICE).contains("alice");
    }

    @Test
    void badEntriesAreRefusedByTheirPlaceWithoutShowingAnyPartOfAKey() {
        assertRefused(List.of(BARE, "al ice:" + ALICE), "entry 2: the name before ':' must be", "al ice");
        assertRefused(List.of("local:" + ALICE), "entry 1: the names \"local\" and \"open\" are reserved", ALICE);
        assertRefused(List.of("Open:" + ALICE), "entry 1: the names", ALICE);
        assertRefused(List.of("bob:" + ALICE, "BOB:" + BARE), "entry 2: its name is already used", BARE);
        assertRefused(List.of("bob:short-secret"), "entry 1: the key after its name and ':' must be at least 16 characters long", "short-secret");
        assertRefused(List.of("tiny-but-secret"), "entry 1: every key", "tiny-but-secret");
        assertRefused(List.of("key2:" + ALICE, BARE), "entry 2 has no name, so its place names it \"key2\", which an earlier entry already uses", BARE);
    }

    @Test
    void spacesAroundANameOrKeyAreIgnoredAndSpacesInsideAKeyRefused() {
        assertThat(ApiKey.parse(List.of("bob : " + ALICE))).singleElement()
                .satisfies(k -> assertThat(k.name()).isEqualTo("bob"))
                .satisfies(k -> assertThat(k.secret()).isEqualTo(ALICE));
        assertRefused(List.of("bob:alice s3cret 0123456789"), "entry 1: a key may not contain spaces or control characters", "s3cret");
    }

    @Test
    void oneKeyUnderTwoNamesIsRefused() {
        assertRefused(List.of("a:" + ALICE, "b:" + ALICE), "entry 2: the same key as entry 1; a key stands for one name", ALICE);
    }

    @Test
    void everyBadEntryIsReportedAtOnce() {
        assertRefused(List.of("a b:" + ALICE, ALICE, "short"), "entry 1: the name before ':'", ALICE);
        assertRefused(List.of("a b:" + ALICE, ALICE, "short"), "entry 3: every key", "short");
    }

    private static void assertRefused(List<String> entries, String message, String secretPart) {
        assertThatThrownBy(() -> ApiKey.parse(entries))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretPart));
    }
}
