package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import io.github.dynamicsecrets.test.SecretsExtension;
import io.github.dynamicsecrets.test.TestSecret;
import io.github.dynamicsecrets.test.TestSecretsProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test kit's extension over the real engine, as a user would write it. */
@ExtendWith(SecretsExtension.class)
@TestSecret(name = "db/password", value = "s3cret")
@TestSecretsProperty(key = "secrets.cache.max-stale", value = "PT1H")
class SecretsExtensionIntegrationTest {

    @Test
    void servesTheLastGoodValueWhileTheStoreIsDown(SecretsClient secrets, InMemorySecretProvider store) {
        assertThat(secrets.getString("db/password")).isEqualTo("s3cret");
        store.goDown();
        assertThat(secrets.getString("db/password")).isEqualTo("s3cret");
    }

    @Test
    @TestSecret(name = "db/creds", value = "{\"user\":\"app\"}")
    void methodSecretsAddToClassSecrets(SecretsClient secrets) {
        assertThat(secrets.getString("db/creds#user")).isEqualTo("app");
        assertThat(secrets.find("db/password")).map(SecretValue::provider).contains("memory");
    }
}
