package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.SecretRotation;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.core.SecretsEngine;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CapturedLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The provider under the real engine (secrets-core): fields, rotation, outages, bulk reads, writes. */
class AwsEngineTest extends FakeStoreTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private SecretsClient engine(String... properties) {
        return engine(provider, properties);
    }

    /** An engine over one provider, polling every 100 ms and refreshing hourly unless {@code properties} say otherwise. */
    private static SecretsClient engine(AwsSecretsProvider aws, String... properties) {
        Map<String, String> p = new HashMap<>();
        p.put("secrets.rotation.poll", "100ms");
        p.put("secrets.cache.refresh", "PT1H");
        for (int i = 0; i < properties.length; i += 2) {
            p.put(properties[i], properties[i + 1]);
        }
        return SecretsEngine.builder().properties(p).provider("aws", aws).build();
    }

    /** Waits until the engine has polled the store at least {@code polls} more times. */
    private void awaitPolls(int polls) {
        int start = fake.count("ListSecrets");
        await().atMost(WAIT).until(() -> fake.count("ListSecrets") >= start + polls);
    }

    @Test
    void get_jsonFields_areExtractedByTheEngineFromGetSecretValue() {
        String password = Canary.next();
        fake.seed("db/creds", "{\"username\":\"app\",\"password\":\"" + password + "\",\"port\":5432}");
        try (SecretsClient client = engine("secrets.rotation.poll", "0")) {
            assertThat(client.get("db/creds#password").asString()).isEqualTo(password);
            assertThat(client.get("db/creds#username").asString()).isEqualTo("app");
            assertThat(client.get("db/creds#port").asString()).isEqualTo("5432");
            assertThat(fake.counts().keySet()).containsExactly("GetSecretValue");
            assertThat(fake.count("GetSecretValue")).isBetween(1, 3); // the engine may cache per field name
            Map<String, Integer> before = fake.counts();

            assertThat(client.get("db/creds#password").asString()).isEqualTo(password);
            assertThat(client.get("db/creds#username").asString()).isEqualTo("app");
            assertThat(fake.counts()).as("cached reads call nothing").isEqualTo(before);
        }
    }

    @Test
    void rotation_byStageMove_firesListenersOnceAndNeverServesPending() {
        String v1 = admin.createSecret(r -> r.name("db/password").secretString(Canary.next())).versionId();
        List<SecretRotation> rotations = new CopyOnWriteArrayList<>();
        try (SecretsClient client = engine()) {
            assertThat(client.get("db/password").version()).isEqualTo(v1);
            client.onRotation("db/password", rotations::add);

            String next = Canary.next();
            String v2 = admin.putSecretValue(r -> r.secretId("db/password").secretString(next).versionStages("AWSPENDING"))
                    .versionId();
            awaitPolls(3);
            assertThat(client.get("db/password").version()).as("AWSPENDING is not current").isEqualTo(v1);
            assertThat(rotations).isEmpty();

            admin.updateSecretVersionStage(r -> r.secretId("db/password").versionStage("AWSCURRENT")
                    .moveToVersionId(v2).removeFromVersionId(v1));

            await().atMost(WAIT).until(() -> rotations.size() == 1);
            SecretRotation rotation = rotations.get(0);
            assertThat(rotation.previous().orElseThrow().version()).isEqualTo(v1);
            assertThat(rotation.current().version()).isEqualTo(v2);
            assertThat(client.get("db/password").asString()).isEqualTo(next);
            awaitPolls(3);
            assertThat(rotations).hasSize(1);
        }
    }

    @Test
    void unchangedSecrets_costOnlyListSecretsPerPoll() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            names.add(String.format("app/s%03d", i));
            fake.seed(names.get(i), Canary.next());
        }
        try (SecretsClient client = engine()) {
            client.getAll(names);
            awaitPolls(1);
            fake.resetCounts();

            awaitPolls(5);

            Map<String, Integer> counts = fake.counts();
            assertThat(counts.keySet()).containsExactly("ListSecrets");
        }
    }

    @Test
    void storeOutage_lastGoodValueIsServedStale_thenFreshAgain() {
        String value = Canary.next();
        fake.seed("db/password", value);
        try (SecretsClient client = engine(provider("max-attempts", "1"), "secrets.cache.refresh", "50ms",
                "secrets.rotation.poll", "0")) {
            assertThat(client.get("db/password").isStale()).isFalse();

            fake.setUnavailable(true);
            await().atMost(WAIT).until(() -> client.get("db/password").isStale());
            assertThat(client.get("db/password").asString()).isEqualTo(value);

            fake.setUnavailable(false);
            await().atMost(WAIT).until(() -> !client.get("db/password").isStale());
            assertThat(client.get("db/password").asString()).isEqualTo(value);
        }
    }

    @Test
    void throttledPolls_keepServing_andTheRotationIsSeenOnRecovery() {
        String v1 = fake.seed("api/key", Canary.next());
        List<SecretRotation> rotations = new CopyOnWriteArrayList<>();
        try (SecretsClient client = engine()) {
            assertThat(client.get("api/key").version()).isEqualTo(v1);
            client.onRotation("api/key", rotations::add);
            awaitPolls(2); // settled: the value is cached and polled
            fake.throttleNext("ListSecrets", 1_000_000);
            String v2 = admin.putSecretValue(r -> r.secretId("api/key").secretString(Canary.next())).versionId();

            int start = fake.count("ListSecrets");
            await().atMost(WAIT).until(() -> fake.count("ListSecrets") >= start + 6);
            assertThat(client.get("api/key").version()).isEqualTo(v1);
            assertThat(rotations).isEmpty();

            fake.throttleNext("ListSecrets", 0);
            await().atMost(WAIT).until(() -> rotations.size() == 1);
            assertThat(rotations.get(0).current().version()).isEqualTo(v2);
            assertThat(client.get("api/key").version()).isEqualTo(v2);
        }
    }

    @Test
    void getAll_readsThroughBatchGetSecretValue_andNamesEachFailure() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            names.add("bulk/" + i);
            fake.seed(names.get(i), Canary.next());
        }
        try (SecretsClient client = engine("secrets.rotation.poll", "0")) {
            Map<String, SecretValue> all = client.getAll(names);

            assertThat(all).hasSize(25);
            assertThat(fake.counts()).isEqualTo(Map.of("BatchGetSecretValue", 2));

            fake.seed("bulk/denied", Canary.next());
            fake.denySecret("bulk/denied");
            List<String> withFailure = List.of("bulk/0", "bulk/denied", "bulk/none");
            assertThatThrownBy(() -> client.getAll(withFailure))
                    .isInstanceOf(SecretsException.class)
                    .hasMessageContaining("bulk/denied")
                    .hasMessageContaining("bulk/none")
                    .satisfies(Canary::assertNotIn);
        }
    }

    @Test
    void generate_storesAPasswordMadeBySecretsManager() {
        long mark = CapturedLogs.mark();
        try (SecretsClient client = engine("secrets.rotation.poll", "0")) {
            SecretValue stored = client.generate("svc/db", PasswordPolicy.builder().length(48).build());
            Canary.plant(stored.asString()); // from here on, any log line holding it fails the check below

            assertThat(fake.count("GetRandomPassword")).isEqualTo(1);
            assertThat(stored.length()).isEqualTo(48);
            assertThat(client.get("svc/db").asString()).isEqualTo(stored.asString());
            assertThat(admin.getSecretValue(r -> r.secretId("svc/db")).versionId()).isEqualTo(stored.version());
            assertThat(client.delete("svc/db")).isTrue();
        }
        assertThat(CapturedLogs.leaksSince(mark)).isEmpty();
    }
}
