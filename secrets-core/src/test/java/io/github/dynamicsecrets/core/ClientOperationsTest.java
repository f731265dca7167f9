package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.SecretNotFoundException;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientOperationsTest {

    private final InMemorySecretProvider store = new InMemorySecretProvider();

    private SecretsClient client() {
        return SecretsEngine.builder().provider("memory", store).build();
    }

    @Test
    void getAll_readsMissesInOneBulkCallAndReportsEachFailureByName() {
        String a = Canary.next();
        store.put("svc/a", a);
        store.put("svc/creds", "{\"password\":\"" + Canary.next() + "\"}");
        try (SecretsClient client = client()) {
            client.get("svc/a");
            store.resetCounts();
            assertThatThrownBy(() -> client.getAll(List.of("svc/a", "svc/creds#password", "svc/missing", "bad//name")))
                    .isInstanceOf(SecretsException.class)
                    .hasMessageStartingWith("2 of 4 secrets could not be read: ")
                    .hasMessageContaining("svc/missing (Secret 'svc/missing' was not found; providers tried in order: [memory])")
                    .hasMessageContaining("bad//name (Invalid secret name 'bad//name': empty segment at index 4)")
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2))
                    .satisfies(Canary::assertNotIn);
            assertThat(store.bulkFetchCount()).isEqualTo(1);
            // what succeeded is cached
            store.resetCounts();
            Map<String, SecretValue> ok = client.getAll(List.of("svc/a", "svc/creds#password"));
            assertThat(ok).containsOnlyKeys("svc/a", "svc/creds#password");
            assertThat(ok.get("svc/a").asString()).isEqualTo(a);
            assertThat(store.fetchCount()).isZero();
        }
    }

    @Test
    void field_missingOrNotJson_failsWithoutQuotingTheSecret() {
        String secret = Canary.next();
        store.put("svc/creds", "{\"user\":\"" + secret + "\"}");
        store.put("svc/plain", secret);
        try (SecretsClient client = client()) {
            assertThatThrownBy(() -> client.get("svc/creds#password"))
                    .isInstanceOf(SecretNotFoundException.class)
                    .hasMessage("Secret 'svc/creds#password' was not found; providers tried in order: [memory];"
                            + " the JSON object has no field 'password'");
            assertThat(client.find("svc/creds#password")).isEmpty();
            assertThatThrownBy(() -> client.get("svc/plain#user"))
                    .isInstanceOf(SecretsException.class)
                    .hasMessage("Secret 'svc/plain' is not valid JSON, so field 'user' cannot be read")
                    .satisfies(Canary::assertNotIn);
            assertThat(client.getString("svc/creds#user")).isEqualTo(secret);
        }
    }

    @Test
    void put_thenGet_readsYourWriteAndNotifiesListeners() {
        try (SecretsClient client = client()) {
            String v1 = Canary.next();
            SecretValue stored = client.put("app/token", v1);
            assertThat(stored.version()).isEqualTo("1");
            assertThat(stored.provider()).isEqualTo("memory");
            assertThat(client.getString("app/token")).isEqualTo(v1);
            String v2 = Canary.next();
            client.put("app/token", v2);
            assertThat(client.getString("app/token")).isEqualTo(v2);
        }
    }

    @Test
    void generate_storesARandomPasswordNobodyTyped() {
        try (SecretsClient client = client()) {
            SecretValue v = client.generate("db/password", PasswordPolicy.builder().length(40).build());
            assertThat(client.get("db/password").asString()).hasSize(40);
            assertThat(v.toString()).doesNotContain(client.get("db/password").asString());
        }
    }

    @Test
    void delete_removesAndLaterReadsAreNotFound() {
        store.put("tmp/x", Canary.next());
        try (SecretsClient client = client()) {
            client.get("tmp/x");
            assertThat(client.delete("tmp/x")).isTrue();
            assertThat(client.find("tmp/x")).isEmpty();
            assertThat(client.delete("tmp/x")).isFalse();
        }
    }

    @Test
    void writes_refuseSelectorsAndReadOnlyChains() {
        try (SecretsClient client = client()) {
            assertThatThrownBy(() -> client.put("db/creds#password", "x"))
                    .isInstanceOf(InvalidSecretNameException.class)
                    .hasMessage("Invalid secret name 'db/creds#password': a write takes a plain path, without '@version' or '#field'");
        }
        try (SecretsClient client = SecretsEngine.builder().property("secrets.chain", "env").build()) {
            assertThatThrownBy(() -> client.put("db/password", "x"))
                    .isInstanceOf(SecretsConfigurationException.class)
                    .hasMessage("Cannot write secret 'db/password': no provider in the chain [env] is writable;"
                            + " add one that is, such as file or aws");
        }
    }

    @Test
    void pinnedVersion_readsThatVersion() {
        String v1 = Canary.next();
        store.put("db/password", v1);
        store.put("db/password", Canary.next());
        try (SecretsClient client = client()) {
            assertThat(client.getString("db/password@1")).isEqualTo(v1);
            assertThat(client.get("db/password@1").name()).isEqualTo("db/password@1");
            assertThat(client.find("db/password@9")).isEmpty();
        }
    }

    @Test
    void chain_firstProviderThatHasTheSecretAnswers() {
        InMemorySecretProvider first = new InMemorySecretProvider("first");
        InMemorySecretProvider second = new InMemorySecretProvider("second");
        second.put("a/b", Canary.next());
        try (SecretsClient client = SecretsEngine.builder().provider("first", first).provider("second", second)
                .property("secrets.chain", "first,second").build()) {
            assertThat(client.get("a/b").provider()).isEqualTo("second");
            assertThatThrownBy(() -> client.get("c/d"))
                    .hasMessage("Secret 'c/d' was not found; providers tried in order: [first, second]");
        }
    }

    @Test
    void close_stopsEveryThreadTheClientStartedAndClosesProviders() throws Exception {
        store.put("a/b", Canary.next());
        SecretsClient client = SecretsEngine.builder().provider("memory", store)
                .property("secrets.rotation.poll", "10ms").property("secrets.cache.refresh", "20ms").build();
        client.get("a/b");
        client.onRotation("a/b", r -> { });
        store.rotate("a/b", Canary.next());
        client.refresh("a/b");
        assertThat(engineThreads()).isNotEmpty();
        client.close();
        assertThat(engineThreads()).isEmpty();
        assertThat(store.isClosed()).isTrue();
        assertThatThrownBy(() -> client.get("a/b")).isInstanceOf(IllegalStateException.class)
                .hasMessage("This SecretsClient is closed");
        client.close(); // idempotent
    }

    private static List<Thread> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(EngineThreads.PREFIX) && t.isAlive()).toList();
    }
}
