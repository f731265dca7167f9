package io.github.dynamicsecrets.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretsClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SecretsExtension.class)
@TestSecret(name = "db/password", value = "class-value")
@TestSecretsProperty(key = "secrets.cache.refresh", value = "PT5M")
@TestSecretsProperty(key = "secrets.cache.max-stale", value = "PT1H")
class SecretsExtensionTest extends SecretsExtensionBase {

    private static final List<InMemorySecretProvider> STORES = new CopyOnWriteArrayList<>();

    private InMemorySecretProvider fromBeforeEach;

    @BeforeEach
    void rememberStore(InMemorySecretProvider store) {
        fromBeforeEach = store;
        STORES.add(store);
    }

    @AfterAll
    static void everyStoreWasSeparate_andEveryClientAndStoreWasClosed() {
        assertThat(STORES).hasSizeGreaterThanOrEqualTo(7).doesNotHaveDuplicates().allMatch(InMemorySecretProvider::isClosed);
        assertThat(FakeEngineProvider.CREATED).isNotEmpty().allMatch(c -> c.closed);
    }

    @Test
    void client_readsTheDeclaredSecretThroughTheEngine(SecretsClient client, InMemorySecretProvider store) {
        assertThat(client.getString("db/password")).isEqualTo("class-value");
        assertThat(store).isSameAs(fromBeforeEach);
        assertThat(((FakeEngineProvider.FakeClient) client).providers).containsExactly(store);
    }

    @Test
    void superclassSecrets_areWrittenBeforeTheClassesOwn(InMemorySecretProvider store) {
        assertThat(store.fetch(SecretRef.parse("db/password@1")).orElseThrow().asString()).isEqualTo("base-value");
        assertThat(store.fetch(SecretRef.parse("db/password@2")).orElseThrow().asString()).isEqualTo("class-value");
        assertThat(store.fetch(SecretRef.parse("base/only")).orElseThrow().asString()).isEqualTo("from-the-base");
    }

    @Test
    @TestSecret(name = "db/password", value = "method-value")
    @TestSecret(name = "api/token", value = "token-value")
    void methodSecrets_areWrittenAfterClassSecrets(SecretsClient client, InMemorySecretProvider store) {
        assertThat(client.get("db/password").asString()).isEqualTo("method-value");
        assertThat(client.get("db/password").version()).isEqualTo("3");
        assertThat(client.getString("api/token")).isEqualTo("token-value");
        assertThat(store.list("")).containsExactly("api/token", "base/only", "db/password");
    }

    @Test
    void properties_reachTheEngine_withTheDiskCacheOffByDefault(SecretsClient client) {
        assertThat(((FakeEngineProvider.FakeClient) client).properties)
                .containsEntry("secrets.cache.refresh", "PT5M")
                .containsEntry("secrets.cache.max-stale", "PT1H")
                .containsEntry("secrets.cache.disk.enabled", "false")
                .hasSize(3);
    }

    @Test
    @TestSecretsProperty(key = "secrets.cache.disk.enabled", value = "true")
    @TestSecretsProperty(key = "secrets.cache.max-stale", value = "PT2H")
    void methodProperties_overrideClassProperties(SecretsClient client) {
        assertThat(((FakeEngineProvider.FakeClient) client).properties)
                .containsEntry("secrets.cache.max-stale", "PT2H")
                .containsEntry("secrets.cache.disk.enabled", "true");
    }

    @Test
    @TestSecret(name = "generated/password")
    void secretWithoutValue_getsACanary(InMemorySecretProvider store) {
        String value = store.fetch(SecretRef.parse("generated/password")).orElseThrow().asString();
        assertThat(Canary.isCanary(value)).isTrue();
    }

    @Test
    void storeOnly_buildsNoClient(InMemorySecretProvider store) {
        assertThat(FakeEngineProvider.CREATED).noneMatch(c -> c.providers.contains(store));
    }

    @Test
    void sameClient_isInjectedTwiceWithinOneTest(SecretsClient first, SecretsClient second) {
        assertThat(first).isSameAs(second);
    }

    @Nested
    @TestSecret(name = "nested/secret", value = "inner")
    class InANestedClass {

        @Test
        @TestSecret(name = "db/password", value = "nested-method")
        void outerThenInnerThenMethodSecretsApply(SecretsClient client, InMemorySecretProvider store) {
            assertThat(client.getString("nested/secret")).isEqualTo("inner");
            assertThat(client.getString("db/password")).isEqualTo("nested-method");
            assertThat(store.fetch(SecretRef.parse("db/password@2")).orElseThrow().asString()).isEqualTo("class-value");
            assertThat(((FakeEngineProvider.FakeClient) client).properties).containsEntry("secrets.cache.refresh", "PT5M");
        }
    }
}
