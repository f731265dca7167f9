package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CapturedLogs;
import io.github.dynamicsecrets.test.LogEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The rotation check: what it reports, and how many calls a poll costs. */
class VersionCheckTest extends FakeStoreTestBase {

    /** Seeds {@code n} secrets named {@code <base>000...}; returns their refs and current versions. */
    private Map<SecretRef, String> seed(String base, int n) {
        Map<SecretRef, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = base + String.format("%03d", i);
            out.put(SecretRef.parse(name), fake.seed(name, Canary.next()));
        }
        return out;
    }

    private static Map<SecretRef, Optional<String>> expected(Map<SecretRef, String> versions) {
        Map<SecretRef, Optional<String>> out = new HashMap<>();
        versions.forEach((k, v) -> out.put(k, Optional.of(v)));
        return out;
    }

    @Test
    void versions_100UnchangedSecretsUnderTheirOwnPrefix_costOneListSecretsPerPoll() {
        Map<SecretRef, String> seeded = seed("app/s", 100);
        AwsSecretsProvider provider = provider();

        for (int poll = 0; poll < 3; poll++) {
            fake.resetCounts();
            Map<SecretRef, Optional<String>> got = provider.versions(seeded.keySet());

            assertThat(got).isEqualTo(expected(seeded));
            assertThat(fake.counts()).as("poll %d", poll).isEqualTo(Map.of("ListSecrets", 1));
        }
    }

    @Test
    void versions_100UnchangedSecretsAmongManyOthers_costTenListSecretsPerPoll() {
        seed("app/s0x", 1000); // created first, so a full listing meets them before the wanted ones
        Map<SecretRef, String> seeded = seed("app/s", 100); // app/s000..app/s099: common prefix app/s0, shared with the noise
        AwsSecretsProvider provider = provider();

        fake.resetCounts();
        assertThat(provider.versions(seeded.keySet())).isEqualTo(expected(seeded));
        assertThat(fake.counts().keySet()).containsExactly("ListSecrets");
        assertThat(fake.count("ListSecrets")).as("first poll: a probe of the prefix cut off at 10 pages, then 10 filtered calls")
                .isEqualTo(20);

        for (int poll = 1; poll < 4; poll++) {
            fake.resetCounts();
            assertThat(provider.versions(seeded.keySet())).isEqualTo(expected(seeded));
            assertThat(fake.counts()).as("poll %d", poll).isEqualTo(Map.of("ListSecrets", 10));
        }
    }

    @Test
    void versions_scatteredNames_costOneCallPerTenNames() {
        Map<SecretRef, String> seeded = new HashMap<>();
        for (int i = 0; i < 25; i++) {
            String name = (char) ('a' + i) + "/secret";
            seeded.put(SecretRef.parse(name), fake.seed(name, Canary.next()));
        }
        seed("z/noise", 500);
        AwsSecretsProvider provider = provider();
        provider.versions(seeded.keySet()); // learns that listing everything is too dear

        fake.resetCounts();
        assertThat(provider.versions(seeded.keySet())).isEqualTo(expected(seeded));
        assertThat(fake.counts()).isEqualTo(Map.of("ListSecrets", 3));
    }

    @Test
    void versions_describeMode_costOneDescribeSecretPerSecret() {
        Map<SecretRef, String> seeded = seed("app/s", 100);
        AwsSecretsProvider provider = provider("version-check", "describe");

        fake.resetCounts();
        assertThat(provider.versions(seeded.keySet())).isEqualTo(expected(seeded));
        assertThat(fake.counts()).isEqualTo(Map.of("DescribeSecret", 100));
    }

    @Test
    void versions_listSecretsDenied_fallsBackToDescribeSecretAndWarnsOnce() {
        Map<SecretRef, String> seeded = seed("app/s", 30);
        fake.denyOperation("ListSecrets");
        AwsSecretsProvider provider = provider();
        long mark = CapturedLogs.mark();

        assertThat(provider.versions(seeded.keySet())).isEqualTo(expected(seeded));
        assertThat(fake.count("ListSecrets")).isEqualTo(1);
        fake.resetCounts();
        assertThat(provider.versions(seeded.keySet())).isEqualTo(expected(seeded));

        assertThat(fake.counts()).isEqualTo(Map.of("DescribeSecret", 30));
        List<LogEvent> warnings = CapturedLogs.eventsSince(mark).stream()
                .filter(e -> e.loggerName().startsWith("io.github.dynamicsecrets.provider.aws")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).message()).contains("ListSecrets was refused").contains("DescribeSecret");
    }

    @Test
    void versions_rotationByStageMove_reportsTheNewCurrentOnlyAfterFinishSecret() {
        String v1 = admin.createSecret(r -> r.name("db/password").secretString(Canary.next())).versionId();
        AwsSecretsProvider provider = provider();
        SecretRef current = SecretRef.parse("db/password");
        SecretRef previous = SecretRef.parse("db/password@AWSPREVIOUS");

        // rotation protocol, createSecret step: the new value is staged as AWSPENDING
        String v2 = admin.putSecretValue(r -> r.secretId("db/password").secretString(Canary.next()).versionStages("AWSPENDING"))
                .versionId();
        assertThat(provider.versions(List.of(current))).containsEntry(current, Optional.of(v1));

        // finishSecret step: AWSCURRENT moves to the new version, AWSPREVIOUS to the old one
        admin.updateSecretVersionStage(r -> r.secretId("db/password").versionStage("AWSCURRENT")
                .moveToVersionId(v2).removeFromVersionId(v1));
        Map<SecretRef, Optional<String>> after = provider.versions(List.of(current, previous));

        assertThat(after).containsEntry(current, Optional.of(v2)).containsEntry(previous, Optional.of(v1));
        assertThat(provider.fetch(current).orElseThrow().version()).isEqualTo(v2);
        assertThat(fake.stagesOf("db/password", v1)).containsExactly("AWSPREVIOUS");
    }

    @Test
    void versions_pollsNeverReadValues() {
        Map<SecretRef, String> seeded = seed("app/s", 12);
        AwsSecretsProvider provider = provider();
        List<SecretRef> refs = new ArrayList<>(seeded.keySet());
        refs.add(SecretRef.parse("app/missing"));
        refs.add(SecretRef.parse("app/s000@AWSCURRENT"));

        fake.resetCounts();
        provider.versions(refs);

        assertThat(fake.counts()).doesNotContainKeys("GetSecretValue", "BatchGetSecretValue");
    }

    @Test
    void versions_missingAndPinnedRefs_resolveAsTheirReadsWould() {
        String v1 = fake.seed("db/password", Canary.next());
        String v2 = admin.putSecretValue(r -> r.secretId("db/password").secretString(Canary.next())).versionId();
        AwsSecretsProvider provider = provider();
        SecretRef missing = SecretRef.parse("db/none");
        SecretRef byStage = SecretRef.parse("db/password@AWSPREVIOUS");
        SecretRef byId = SecretRef.parse("db/password@" + v1);
        SecretRef noStage = SecretRef.parse("db/password@NOTASTAGE");

        Map<SecretRef, Optional<String>> got = provider.versions(List.of(missing, byStage, byId, noStage));

        assertThat(got).containsEntry(missing, Optional.empty())
                .containsEntry(byStage, Optional.of(v1))
                .containsEntry(byId, Optional.of(v1))
                .containsEntry(noStage, Optional.empty());
        assertThat(provider.fetch(SecretRef.parse("db/password")).orElseThrow().version()).isEqualTo(v2);
    }

    @Test
    void versions_secretScheduledForDeletion_isLeftUncheckedForTheReadToReport() {
        fake.seed("db/old", Canary.next());
        fake.seed("db/live", Canary.next());
        admin.deleteSecret(r -> r.secretId("db/old").recoveryWindowInDays(7L));
        AwsSecretsProvider provider = provider();

        Map<SecretRef, Optional<String>> got = provider.versions(List.of(SecretRef.parse("db/old"), SecretRef.parse("db/live")));

        assertThat(got).containsOnlyKeys(SecretRef.parse("db/live"));
    }

    @Test
    void versions_storeThrottlingEveryCall_isProviderUnavailable() {
        Map<SecretRef, String> seeded = seed("app/s", 5);
        AwsSecretsProvider provider = provider("max-attempts", "1");
        fake.throttleNext(1000);

        assertThatThrownBy(() -> provider.versions(seeded.keySet()))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("throttled")
                .hasMessageContaining("ListSecrets");
    }

    @Test
    void versions_concurrentPollsDuringRotation_seeOnlyRealVersions() throws Exception {
        Map<SecretRef, String> seeded = seed("app/s", 40);
        AwsSecretsProvider provider = provider();
        SecretRef rotating = SecretRef.parse("app/s007");
        Set<String> rotatingVersions = java.util.concurrent.ConcurrentHashMap.newKeySet();
        rotatingVersions.add(seeded.get(rotating));
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            tasks.add(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        String id = java.util.UUID.randomUUID().toString();
                        rotatingVersions.add(id); // before the write, so a poll may see it at once
                        admin.putSecretValue(r -> r.secretId("app/s007").secretString(Canary.next()).clientRequestToken(id));
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            for (int t = 0; t < 6; t++) {
                tasks.add(() -> {
                    for (int polls = 0; writing.get() || polls < 3; polls++) {
                        Map<SecretRef, Optional<String>> got = provider.versions(seeded.keySet());
                        seeded.forEach((ref, version) -> {
                            Optional<String> v = got.get(ref);
                            boolean ok = ref.equals(rotating) ? v != null && v.isPresent() && rotatingVersions.contains(v.get())
                                    : Optional.of(version).equals(v);
                            if (!ok) {
                                problems.add(ref + " -> " + v);
                            }
                        });
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
    }
}
