package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretNotFoundException;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StaleIfErrorTest {

    private final MutableClock clock = new MutableClock();
    private final InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);

    private SecretsClient client(String refresh) {
        return SecretsEngine.builder().provider("memory", store).clock(clock)
                .property("secrets.cache.refresh", refresh)
                .property("secrets.cache.max-stale", "PT1H")
                .property("secrets.rotation.poll", "0")
                .build();
    }

    @Test
    void get_whenStoreDown_servesLastGoodValueUntilMaxStaleThenFails_andRecoveryResumes() {
        String value = Canary.next();
        store.put("db/password", value);
        try (SecretsClient client = client("50ms")) {
            assertThat(client.getString("db/password")).isEqualTo(value);
            store.goDown();
            long before = store.fetchCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.fetchCount() > before + 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get("db/password").isStale());
            SecretValue stale = client.get("db/password");
            assertThat(stale.asString()).isEqualTo(value);
            assertThat(stale.version()).isEqualTo("1");

            clock.advance(Duration.ofMinutes(61));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(() -> client.get("db/password"))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("Secret 'db/password' cannot be served: provider 'memory' is failing")
                    .hasMessageContaining("older than secrets.cache.max-stale=PT1H")
                    .satisfies(e -> Canary.assertNotIn(e)));

            store.comeBackUp();
            String rotated = Canary.next();
            store.rotate("db/password", rotated);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                SecretValue v = client.get("db/password");
                assertThat(v.asString()).isEqualTo(rotated);
                assertThat(v.isStale()).isFalse();
            });
            long afterRecovery = store.fetchCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.fetchCount() > afterRecovery);
        }
    }

    @Test
    void get_whenStoreFailsOnColdRead_throwsUnavailableNamingProvider() {
        store.put("db/password", Canary.next());
        store.goDown();
        try (SecretsClient client = client("PT5M")) {
            assertThatThrownBy(() -> client.get("db/password"))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("memory")
                    .hasMessageContaining("db/password")
                    .satisfies(e -> Canary.assertNotIn(e));
        }
    }

    @Test
    void get_whenStoreFailsOnColdRead_retriesOnlyAfterBackoff() {
        store.put("db/password", Canary.next());
        store.goDown();
        try (SecretsClient client = client("PT5M")) {
            assertThatThrownBy(() -> client.get("db/password")).isInstanceOf(ProviderUnavailableException.class);
            long calls = store.fetchCount();
            assertThatThrownBy(() -> client.get("db/password")).isInstanceOf(ProviderUnavailableException.class);
            assertThat(store.fetchCount()).isEqualTo(calls);
            clock.advance(Duration.ofMinutes(10));
            store.comeBackUp();
            assertThat(client.get("db/password").version()).isEqualTo("1");
        }
    }

    @Test
    void get_whenNotFound_cachesTheAnswerForNegativeTtl() {
        try (SecretsClient client = client("PT5M")) {
            assertThatThrownBy(() -> client.get("missing/one"))
                    .isInstanceOf(SecretNotFoundException.class)
                    .hasMessage("Secret 'missing/one' was not found; providers tried in order: [memory]");
            assertThat(client.find("missing/one")).isEmpty();
            assertThat(store.fetchCount("missing/one")).isEqualTo(1);
            clock.advance(Duration.ofSeconds(31));
            store.put("missing/one", Canary.next());
            assertThat(client.find("missing/one")).isPresent();
            assertThat(store.fetchCount("missing/one")).isEqualTo(2);
        }
    }
}
