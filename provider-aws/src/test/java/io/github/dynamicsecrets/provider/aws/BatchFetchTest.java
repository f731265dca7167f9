package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.spi.FetchResult;
import io.github.dynamicsecrets.test.Canary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bulk reads through BatchGetSecretValue. */
class BatchFetchTest extends FakeStoreTestBase {


    private Map<SecretRef, String> seed(int n) {
        Map<SecretRef, String> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String value = Canary.next();
            fake.seed("bulk/" + i, value);
            values.put(SecretRef.parse("bulk/" + i), value);
        }
        return values;
    }

    @Test
    void fetchAll_45Secrets_areThreeBatchCallsInTheOrderAsked() {
        Map<SecretRef, String> values = seed(45);
        List<SecretRef> refs = new ArrayList<>(values.keySet());
        java.util.Collections.reverse(refs);
        fake.resetCounts();

        Map<SecretRef, FetchResult> got = provider.fetchAll(refs);

        assertThat(fake.counts()).isEqualTo(Map.of("BatchGetSecretValue", 3));
        assertThat(new ArrayList<>(got.keySet())).isEqualTo(refs);
        values.forEach((ref, value) -> assertThat(got.get(ref).value().orElseThrow().asString()).isEqualTo(value));
        assertThat(got.get(refs.get(0)).value().orElseThrow().version())
                .isEqualTo(provider.fetch(refs.get(0)).orElseThrow().version());
    }

    @Test
    void fetchAll_perSecretErrors_areReportedAgainstTheirOwnNames() {
        Map<SecretRef, String> values = seed(3);
        fake.seed("bulk/denied", Canary.next());
        fake.seed("bulk/undecryptable", Canary.next());
        fake.seed("bulk/deleted", Canary.next());
        fake.denySecret("bulk/denied");
        fake.failDecryption("bulk/undecryptable");
        admin.deleteSecret(r -> r.secretId("bulk/deleted").recoveryWindowInDays(7L));
        List<SecretRef> refs = new ArrayList<>(values.keySet());
        for (String name : List.of("bulk/denied", "bulk/undecryptable", "bulk/deleted", "bulk/missing")) {
            refs.add(SecretRef.parse(name));
        }
        fake.resetCounts();

        Map<SecretRef, FetchResult> got = provider.fetchAll(refs);

        assertThat(fake.counts()).isEqualTo(Map.of("BatchGetSecretValue", 1));
        values.forEach((ref, value) -> assertThat(got.get(ref).value().orElseThrow().asString()).isEqualTo(value));
        assertThat(got.get(SecretRef.parse("bulk/denied")).error().orElseThrow())
                .isInstanceOf(SecretAccessDeniedException.class).hasMessageContaining("bulk/denied")
                .hasMessageContaining("AccessDeniedException");
        assertThat(got.get(SecretRef.parse("bulk/undecryptable")).error().orElseThrow())
                .isInstanceOf(SecretAccessDeniedException.class).hasMessageContaining("bulk/undecryptable")
                .hasMessageContaining("kms:Decrypt");
        assertThat(got.get(SecretRef.parse("bulk/deleted")).error().orElseThrow())
                .isInstanceOf(SecretAccessDeniedException.class).hasMessageContaining("bulk/deleted")
                .hasMessageContaining("scheduled for deletion");
        FetchResult missing = got.get(SecretRef.parse("bulk/missing"));
        assertThat(missing.value()).isEmpty();
        assertThat(missing.error()).isEmpty();
        got.values().forEach(r -> r.error().ifPresent(Canary::assertNotIn));
    }

    @Test
    void fetchAll_pinnedRefs_areReadOneByOne() {
        seed(2);
        String v2 = admin.putSecretValue(r -> r.secretId("bulk/0").secretString(Canary.next())).versionId();
        SecretRef previous = SecretRef.parse("bulk/0@AWSPREVIOUS");
        fake.resetCounts();

        Map<SecretRef, FetchResult> got = provider.fetchAll(List.of(SecretRef.parse("bulk/0"), SecretRef.parse("bulk/1"), previous));

        assertThat(fake.counts()).isEqualTo(Map.of("BatchGetSecretValue", 1, "GetSecretValue", 1));
        assertThat(got.get(SecretRef.parse("bulk/0")).value().orElseThrow().version()).isEqualTo(v2);
        assertThat(got.get(previous).value().orElseThrow().version()).isNotEqualTo(v2);
        assertThat(got.get(previous).value().orElseThrow().name()).isEqualTo("bulk/0@AWSPREVIOUS");
    }

    @Test
    void fetchAll_batchCallDenied_fallsBackToOneGetSecretValueEach() {
        Map<SecretRef, String> values = seed(5);
        fake.denyOperation("BatchGetSecretValue");
        fake.resetCounts();

        Map<SecretRef, FetchResult> got = provider.fetchAll(values.keySet());

        values.forEach((ref, value) -> assertThat(got.get(ref).value().orElseThrow().asString()).isEqualTo(value));
        assertThat(fake.counts()).isEqualTo(Map.of("BatchGetSecretValue", 1, "GetSecretValue", 5));
        fake.resetCounts();
        provider.fetchAll(values.keySet());
        assertThat(fake.counts()).isEqualTo(Map.of("GetSecretValue", 5));
    }

    @Test
    void fetchAll_storeDown_failsEveryRefWithItsOwnName() {
        Map<SecretRef, String> values = seed(3);
        fake.setUnavailable(true);

        Map<SecretRef, FetchResult> got = provider.fetchAll(values.keySet());

        values.keySet().forEach(ref -> assertThat(got.get(ref).error().orElseThrow())
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining(ref.path()));
    }

    @Test
    void fetchAll_unrepresentableName_failsOnlyThatRef() {
        seed(1);
        SecretRef tooLong = SecretRef.parse("x".repeat(500));
        try (AwsSecretsProvider prefixed = AwsTestSupport.provider(fake, "prefix", "a/long/enough/prefix/")) {
            Map<SecretRef, FetchResult> got = prefixed.fetchAll(List.of(tooLong, SecretRef.parse("bulk/0")));

            assertThat(got.get(tooLong).error().orElseThrow()).isInstanceOf(InvalidSecretNameException.class);
            assertThat(got.get(SecretRef.parse("bulk/0")).value()).isEmpty(); // not under that prefix
            assertThat(got.get(SecretRef.parse("bulk/0")).error()).isEmpty();
        }
    }
}
