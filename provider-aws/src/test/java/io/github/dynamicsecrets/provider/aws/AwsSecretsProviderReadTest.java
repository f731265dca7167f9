package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.test.Canary;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

class AwsSecretsProviderReadTest extends FakeStoreTestBase {


    private String create(String name, String value) {
        return admin.createSecret(r -> r.name(name).secretString(value)).versionId();
    }

    @Test
    void fetch_stringSecret_returnsUtf8BytesAndAwsVersionId() {
        String version = create("db/password", "pässwörd-1");

        SecretValue v = provider.fetch(SecretRef.parse("db/password")).orElseThrow();

        assertThat(v.asString()).isEqualTo("pässwörd-1");
        assertThat(v.version()).isEqualTo(version);
        assertThat(v.provider()).isEqualTo("aws");
        assertThat(v.name()).isEqualTo("db/password");
    }

    @Test
    void fetch_coldRead_isExactlyOneGetSecretValue() {
        create("api/token", "t0k3n");
        fake.resetCounts();

        provider.fetch(SecretRef.parse("api/token"));

        assertThat(fake.counts()).isEqualTo(Map.of("GetSecretValue", 1));
    }

    @Test
    void fetch_binarySecret_returnsTheExactBytes() {
        byte[] bytes = {0, (byte) 0xff, (byte) 0xc3, 0x28, 7, (byte) 0x80};
        admin.createSecret(r -> r.name("tls/key").secretBinary(SdkBytes.fromByteArray(bytes)));

        SecretValue v = provider.fetch(SecretRef.parse("tls/key")).orElseThrow();

        assertThat(v.asBytes()).containsExactly(bytes);
    }

    @Test
    void fetch_jsonSecret_returnsTheDocumentForTheEngineToPickFieldsFrom() {
        String json = "{\"username\":\"app\",\"password\":\"s3cr3t\",\"port\":5432}";
        create("db/creds", json);

        SecretValue v = provider.fetch(SecretRef.parse("db/creds")).orElseThrow();

        assertThat(v.asString()).isEqualTo(json);
    }

    @Test
    void fetch_missingSecret_isEmpty() {
        assertThat(provider.fetch(SecretRef.parse("nope/nothing"))).isEmpty();
    }

    @Test
    void fetch_pinnedStage_readsThatStage() {
        String v1 = create("db/password", "one");
        String v2 = admin.putSecretValue(r -> r.secretId("db/password").secretString("two")).versionId();

        SecretValue previous = provider.fetch(SecretRef.parse("db/password@AWSPREVIOUS")).orElseThrow();
        SecretValue current = provider.fetch(SecretRef.parse("db/password@AWSCURRENT")).orElseThrow();

        assertThat(previous.asString()).isEqualTo("one");
        assertThat(previous.version()).isEqualTo(v1);
        assertThat(previous.name()).isEqualTo("db/password@AWSPREVIOUS");
        assertThat(current.version()).isEqualTo(v2);
    }

    @Test
    void fetch_pinnedVersionId_readsThatVersionEvenWithoutLabels() {
        String v1 = create("db/password", "one");
        admin.putSecretValue(r -> r.secretId("db/password").secretString("two"));
        admin.putSecretValue(r -> r.secretId("db/password").secretString("three")); // v1 loses AWSPREVIOUS

        SecretValue old = provider.fetch(SecretRef.parse("db/password@" + v1)).orElseThrow();

        assertThat(fake.stagesOf("db/password", v1)).isEmpty();
        assertThat(old.asString()).isEqualTo("one");
        assertThat(old.version()).isEqualTo(v1);
    }

    @Test
    void fetch_unknownStageOrVersion_isEmpty() {
        create("db/password", "one");

        assertThat(provider.fetch(SecretRef.parse("db/password@NOSUCHSTAGE"))).isEmpty();
        assertThat(provider.fetch(SecretRef.parse("db/password@0123456789abcdef0123456789abcdef"))).isEmpty();
    }

    @Test
    void fetch_pendingVersion_isNeverServedAsCurrent() {
        String current = create("db/password", "live");
        String pending = admin.putSecretValue(r -> r.secretId("db/password").secretString("next").versionStages("AWSPENDING"))
                .versionId();

        SecretValue v = provider.fetch(SecretRef.parse("db/password")).orElseThrow();

        assertThat(v.version()).isEqualTo(current);
        assertThat(v.asString()).isEqualTo("live");
        assertThat(provider.fetch(SecretRef.parse("db/password@AWSPENDING")).orElseThrow().version()).isEqualTo(pending);
    }

    @Test
    void fetch_secretScheduledForDeletion_isAccessDeniedWithAClearReason() {
        create("old/key", "gone-soon");
        admin.deleteSecret(r -> r.secretId("old/key").recoveryWindowInDays(7L));

        assertThatThrownBy(() -> provider.fetch(SecretRef.parse("old/key")))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("old/key")
                .hasMessageContaining("scheduled for deletion")
                .hasMessageContaining("RestoreSecret")
                .hasMessageNotContaining("gone-soon");
    }

    @Test
    void fetch_namesWithEveryAllowedCharacter_roundTrip() {
        String path = "ABCDEFGHIJKLMNOPQRSTUVWXYZ/abcdefghijklmnopqrstuvwxyz/0123456789/a.b_c-d/.hidden/-x_/..a";
        try (AwsSecretsProvider prefixed = AwsTestSupport.provider(fake, "prefix", "team+a=b@x/")) {
            create("team+a=b@x/" + path, "every-char");

            Optional<SecretValue> v = prefixed.fetch(SecretRef.parse(path));

            assertThat(v).map(SecretValue::asString).contains("every-char");
            assertThat(prefixed.list("")).containsExactly(path);
        }
    }

    @Test
    void fetch_prefix_isPrependedAndTheVersionSelectorIsNotPartOfTheName() {
        try (AwsSecretsProvider prefixed = AwsTestSupport.provider(fake, "prefix", "prod/")) {
            create("prod/db/password", "p");
            create("db/password", "unprefixed");

            assertThat(prefixed.fetch(SecretRef.parse("db/password"))).map(SecretValue::asString).contains("p");
            assertThat(prefixed.fetch(SecretRef.parse("db/password@AWSCURRENT"))).map(SecretValue::asString).contains("p");
        }
    }

    @Test
    void fetch_nameTooLongWithThePrefix_isRejectedBeforeAnyCall() {
        String path = "a".repeat(500);
        try (AwsSecretsProvider prefixed = AwsTestSupport.provider(fake, "prefix", "some/long/prefix/")) {
            fake.resetCounts();

            assertThatThrownBy(() -> prefixed.fetch(SecretRef.parse(path)))
                    .isInstanceOf(InvalidSecretNameException.class)
                    .hasMessageContaining("512");
            assertThat(fake.total()).isZero();
        }
    }

    @Test
    void version_isOneDescribeSecretAndFollowsAwsCurrent() {
        create("db/password", "one");
        String v2 = admin.putSecretValue(r -> r.secretId("db/password").secretString("two")).versionId();
        fake.resetCounts();

        Optional<String> version = provider.version(SecretRef.parse("db/password"));

        assertThat(version).contains(v2);
        assertThat(fake.counts()).isEqualTo(Map.of("DescribeSecret", 1));
        assertThat(provider.version(SecretRef.parse("missing/one"))).isEmpty();
    }

    @Test
    void value_toStringAndProviderToString_neverShowTheValue() {
        String canary = Canary.next();
        create("db/password", canary);

        SecretValue v = provider.fetch(SecretRef.parse("db/password")).orElseThrow();

        assertThat(v.toString()).doesNotContain(canary);
        assertThat(provider.toString()).doesNotContain(canary);
        assertThat(new String(v.asBytes(), StandardCharsets.UTF_8)).isEqualTo(canary);
    }
}
