package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.test.Canary;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSecretProviderTest {

    @Test
    void fetch_mapsPathToPrefixedUpperCaseVariable() {
        String value = Canary.next();
        EnvSecretProvider p = new EnvSecretProvider("SECRET_", Map.of("SECRET_DB_PASSWORD", value,
                "SECRET_API_V1_TOKEN_X", "t"));
        SecretValue v = p.fetch(SecretRef.parse("db/password")).orElseThrow();
        assertThat(v.asString()).isEqualTo(value);
        assertThat(v.provider()).isEqualTo("env");
        assertThat(v.version()).hasSize(16);
        assertThat(p.fetch(SecretRef.parse("api/v1.token-x"))).isPresent();
        assertThat(p.fetch(SecretRef.parse("db/user"))).isEmpty();
        assertThat(p.toString()).doesNotContain(value);
    }

    @Test
    void fetch_pinnedVersionMatchesOnlyTheDigestOfTheValue() {
        EnvSecretProvider p = new EnvSecretProvider("SECRET_", Map.of("SECRET_A", "x"));
        String version = p.fetch(SecretRef.parse("a")).orElseThrow().version();
        assertThat(p.fetch(SecretRef.parse("a@" + version))).isPresent();
        assertThat(p.fetch(SecretRef.parse("a@0000000000000000"))).isEmpty();
    }

    @Test
    void variableName_followsDocumentedMapping() {
        assertThat(EnvSecretProvider.variableName("SECRET_", SecretRef.parse("db/password"))).isEqualTo("SECRET_DB_PASSWORD");
        assertThat(EnvSecretProvider.variableName("APP_", SecretRef.parse("a.b/c-d"))).isEqualTo("APP_A_B_C_D");
    }
}
