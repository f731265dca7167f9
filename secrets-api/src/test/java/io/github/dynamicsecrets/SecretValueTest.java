package io.github.dynamicsecrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecretValueTest {

    private static final String CANARY = "canary-value-9f3b2c";

    private static SecretValue value(String version) {
        return SecretValue.builder("db/password").value(CANARY).version(version).provider("file")
                .fetchedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }

    @Test
    void toString_neverShowsTheValue() {
        assertThat(value("3").toString())
                .isEqualTo("SecretValue[name=db/password, version=3, provider=file, fetchedAt=2026-01-01T00:00:00Z, value=****]")
                .doesNotContain(CANARY);
        assertThat(value("3").toBuilder().stale(true).build().toString()).contains(", stale,").doesNotContain(CANARY);
    }

    @Test
    void equals_comparesNameAndVersionNotValue() {
        SecretValue other = SecretValue.builder("db/password").value("different").version("3").build();
        assertThat(value("3")).isEqualTo(other).hasSameHashCodeAs(other);
        assertThat(value("3")).isNotEqualTo(value("4"));
    }

    @Test
    void accessors_returnCopiesTheCallerMayWipe() {
        SecretValue v = value("1");
        byte[] bytes = v.asBytes();
        bytes[0] = 0;
        char[] chars = v.asChars();
        chars[0] = 0;
        assertThat(v.asString()).isEqualTo(CANARY);
        assertThat(v.asBytes()).isEqualTo(CANARY.getBytes(StandardCharsets.UTF_8));
        assertThat(v.length()).isEqualTo(CANARY.length());
    }

    @Test
    void builder_setOnce_andRequiresValueAndVersion() {
        SecretValue.Builder b = SecretValue.builder("x").value("a");
        assertThatThrownBy(() -> b.value("b")).isInstanceOf(IllegalStateException.class).hasMessage("value was already set");
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessage("version was not set for secret 'x'");
        assertThatThrownBy(() -> SecretValue.builder("x").version("1").build()).hasMessage("value was not set for secret 'x'");
        assertThatThrownBy(() -> SecretValue.builder("x").version("")).hasMessage("version must not be empty");
    }

    @Test
    void field_withoutEngine_namesTheArtifactToAdd() {
        assertThatThrownBy(() -> value("1").field("password"))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("Reading field 'password' of secret 'db/password' needs a JSON reader: add the dependency"
                        + " io.github.dynamicsecrets:secrets-core")
                .hasMessageNotContaining(CANARY);
    }

    @Test
    void rotation_toStringShowsVersionsOnly() {
        SecretRotation r = new SecretRotation("db/password", value("1"), value("2"));
        assertThat(r.toString()).isEqualTo("SecretRotation[name=db/password, previous=1, current=2]");
        assertThat(new SecretRotation("db/password", null, value("1")).previous()).isEmpty();
    }
}
