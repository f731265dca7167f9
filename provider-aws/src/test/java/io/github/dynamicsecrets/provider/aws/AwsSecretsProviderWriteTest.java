package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.test.Canary;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** Self-service writes: put, generated passwords, delete with a recovery window, list. */
class AwsSecretsProviderWriteTest extends FakeStoreTestBase {

    private static final SecretRef NAME = SecretRef.parse("svc/password");


    @Test
    void put_newName_createsTheSecretAsAStringAndReturnsItsVersion() {
        String value = Canary.next();
        fake.resetCounts();

        SecretValue stored = provider.put(NAME, value.getBytes(StandardCharsets.UTF_8));

        assertThat(fake.counts()).isEqualTo(Map.of("PutSecretValue", 1, "CreateSecret", 1));
        GetSecretValueResponse raw = admin.getSecretValue(r -> r.secretId("svc/password"));
        assertThat(raw.secretString()).isEqualTo(value);
        assertThat(raw.secretBinary()).isNull();
        assertThat(stored.version()).isEqualTo(raw.versionId());
        assertThat(stored.name()).isEqualTo("svc/password");
        assertThat(stored.asString()).isEqualTo(value);
    }

    @Test
    void put_existingName_addsAVersionThatBecomesCurrent() {
        String first = provider.put(NAME, Canary.nextBytes()).version();
        fake.resetCounts();

        String second = provider.put(NAME, Canary.nextBytes()).version();

        assertThat(fake.counts()).isEqualTo(Map.of("PutSecretValue", 1));
        assertThat(fake.stagesOf("svc/password", second)).containsExactly("AWSCURRENT");
        assertThat(fake.stagesOf("svc/password", first)).containsExactly("AWSPREVIOUS");
        assertThat(provider.fetch(NAME).orElseThrow().version()).isEqualTo(second);
    }

    @Test
    void put_bytesThatAreNotUtf8_areStoredAsSecretBinary() {
        byte[] value = {(byte) 0xc3, 0x28, 0, (byte) 0xff};

        provider.put(NAME, value);

        GetSecretValueResponse raw = admin.getSecretValue(r -> r.secretId("svc/password"));
        assertThat(raw.secretString()).isNull();
        assertThat(raw.secretBinary().asByteArray()).containsExactly(value);
        assertThat(provider.fetch(NAME).orElseThrow().asBytes()).containsExactly(value);
    }

    @Test
    void put_withKmsKeyId_createsTheSecretUnderThatKey() {
        try (AwsSecretsProvider withKey = AwsTestSupport.provider(fake, "kms-key-id", "alias/app-secrets")) {
            withKey.put(NAME, Canary.nextBytes());

            assertThat(admin.describeSecret(r -> r.secretId("svc/password")).kmsKeyId()).isEqualTo("alias/app-secrets");
        }
    }

    @Test
    void put_afterDeleteWithinTheRecoveryWindow_restoresAndWrites() {
        provider.put(NAME, Canary.nextBytes());
        assertThat(provider.delete(NAME)).isTrue();
        String value = Canary.next();
        fake.resetCounts();

        SecretValue stored = provider.put(NAME, value.getBytes(StandardCharsets.UTF_8));

        assertThat(fake.counts()).isEqualTo(Map.of("PutSecretValue", 2, "RestoreSecret", 1));
        assertThat(provider.fetch(NAME).orElseThrow().asString()).isEqualTo(value);
        assertThat(provider.fetch(NAME).orElseThrow().version()).isEqualTo(stored.version());
    }

    @Test
    void put_withVersionOrField_isRejected() {
        assertThatThrownBy(() -> provider.put(SecretRef.parse("svc/password@AWSCURRENT"), Canary.nextBytes()))
                .isInstanceOf(InvalidSecretNameException.class).hasMessageContaining("svc/password@AWSCURRENT");
        assertThatThrownBy(() -> provider.put(SecretRef.parse("svc/password#user"), Canary.nextBytes()))
                .isInstanceOf(InvalidSecretNameException.class);
    }

    @Test
    void put_denied_isAccessDeniedWithoutTheValue() {
        fake.denySecret("svc/password");
        String value = Canary.next();

        assertThatThrownBy(() -> provider.put(NAME, value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("svc/password")
                .satisfies(Canary::assertNotIn);
    }

    @Test
    void randomPassword_isGeneratedByGetRandomPasswordFollowingThePolicy() {
        PasswordPolicy policy = PasswordPolicy.builder().length(40).excludePunctuation(true).excludeCharacters("0Oo1lI").build();
        fake.resetCounts();

        String password = new String(provider.randomPassword(policy), StandardCharsets.US_ASCII);

        assertThat(fake.counts()).isEqualTo(Map.of("GetRandomPassword", 1));
        JsonObject request = fake.lastRequest("GetRandomPassword");
        assertThat(request.get("PasswordLength").getAsInt()).isEqualTo(40);
        assertThat(request.get("ExcludePunctuation").getAsBoolean()).isTrue();
        assertThat(request.get("ExcludeCharacters").getAsString()).isEqualTo("0Oo1lI");
        assertThat(request.get("RequireEachIncludedType").getAsBoolean()).isTrue();
        assertThat(password).hasSize(40).matches("[A-Za-z0-9]+").doesNotContainPattern("[0Oo1lI]");
    }

    @Test
    void delete_usesTheConfiguredRecoveryWindow_andReadsThenFailClearly() {
        provider.put(NAME, Canary.nextBytes());

        assertThat(provider.delete(NAME)).isTrue();

        assertThat(fake.lastRequest("DeleteSecret").get("RecoveryWindowInDays").getAsInt()).isEqualTo(30);
        assertThat(fake.isScheduledForDeletion("svc/password")).isTrue();
        assertThatThrownBy(() -> provider.fetch(NAME)).isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("scheduled for deletion");
        assertThat(provider.delete(NAME)).as("already scheduled").isFalse();
        assertThat(provider.list("svc/")).isEmpty();
    }

    @Test
    void delete_windowOf7Days_isPassedThrough() {
        try (AwsSecretsProvider weekly = AwsTestSupport.provider(fake, "recovery-window-days", "7")) {
            weekly.put(NAME, Canary.nextBytes());

            assertThat(weekly.delete(NAME)).isTrue();
            assertThat(fake.lastRequest("DeleteSecret").get("RecoveryWindowInDays").getAsInt()).isEqualTo(7);
        }
    }

    @Test
    void delete_windowOfZero_deletesAtOnceWithoutRecovery() {
        try (AwsSecretsProvider immediate = AwsTestSupport.provider(fake, "recovery-window-days", "0")) {
            immediate.put(NAME, Canary.nextBytes());

            assertThat(immediate.delete(NAME)).isTrue();
            assertThat(fake.lastRequest("DeleteSecret").get("ForceDeleteWithoutRecovery").getAsBoolean()).isTrue();
            assertThat(fake.isScheduledForDeletion("svc/password")).isNull();
            assertThat(immediate.fetch(NAME)).isEmpty();
        }
    }

    @Test
    void delete_missingSecret_isFalse() {
        assertThat(provider.delete(SecretRef.parse("never/there"))).isFalse();
    }

    @Test
    void recoveryWindowOutOfRange_isAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> AwsTestSupport.provider(fake, "recovery-window-days", "5"))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessageContaining("secrets.provider.aws.recovery-window-days")
                .hasMessageContaining("'5'")
                .hasMessageContaining("7 to 30");
    }

    @Test
    void list_mapsNamesUnderThePrefixAndSkipsOthers() {
        for (String name : java.util.List.of("prod/db/password", "prod/api/key", "prod/odd+name", "prod/a@b", "staging/db/password")) {
            fake.seed(name, Canary.next());
        }
        try (AwsSecretsProvider prod = AwsTestSupport.provider(fake, "prefix", "prod/")) {
            assertThat(prod.list("")).containsExactly("api/key", "db/password");
            assertThat(prod.list("db/")).containsExactly("db/password");
        }
    }
}
