package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CanaryExtension;
import io.github.dynamicsecrets.test.CapturedLogs;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import io.github.dynamicsecrets.test.LogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

@ExtendWith(CanaryExtension.class)
class DiskCacheEngineTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock();
    private final String keysetJson = TestKeys.newKeysetJson();

    private Path dir() {
        return tmp.resolve("cache");
    }

    private String keysetUri() {
        Path file = tmp.resolve("keyset.json");
        return Files.exists(file) ? "file:" + file : TestKeys.writeKeysetFile(file, keysetJson);
    }

    private SecretsClient client(InMemorySecretProvider store, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("secrets.cache.disk.enabled", "true");
        p.put("secrets.cache.disk.dir", dir().toString());
        p.put("secrets.cache.disk.keyset", keysetUri());
        p.put("secrets.cache.max-stale", "PT1H");
        p.put("secrets.rotation.poll", "0");
        p.putAll(extra);
        p.values().removeIf(v -> v == null);
        return SecretsEngine.builder().provider("memory", store).clock(clock).properties(p).build();
    }

    private SecretsClient client(InMemorySecretProvider store) {
        return client(store, Map.of());
    }

    private long entryFiles() throws Exception {
        return Files.exists(dir()) ? TinkDiskCacheTest.entryFiles(dir()).size() : 0;
    }

    private InMemorySecretProvider downStore() {
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        store.goDown();
        return store;
    }

    @Test
    void start_withStoreDown_servesDiskValuesAsStale_untilMaxStale() throws Exception {
        String password = Canary.next();
        String jsonPassword = Canary.next();
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        store.put("db/password", password);
        store.put("db/creds", "{\"user\":\"app\",\"password\":\"" + jsonPassword + "\"}");
        Instant fetched = clock.instant();
        try (SecretsClient client = client(store)) {
            assertThat(client.getString("db/password")).isEqualTo(password);
            assertThat(client.get("db/creds#user").asString()).isEqualTo("app");
        }
        assertThat(entryFiles()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(30));
        long mark = CapturedLogs.mark();

        try (SecretsClient offline = client(downStore())) {
            SecretValue v = offline.get("db/password");
            assertThat(v.asString()).isEqualTo(password);
            assertThat(v.isStale()).isTrue();
            assertThat(v.version()).isEqualTo("1");
            assertThat(v.fetchedAt()).isEqualTo(fetched);
            assertThat(offline.get("db/creds#password").asString()).isEqualTo(jsonPassword);
            assertThat(offline.get("db/creds#password").isStale()).isTrue();
            assertThat(CapturedLogs.eventsSince(mark)).anyMatch(e -> e.level() == Level.WARN
                    && e.message().equals("access name=db/password provider=memory version=1 outcome=stale source=disk"));

            clock.advance(Duration.ofMinutes(31)); // now 61 minutes after the fetch: past max-stale
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(() -> offline.get("db/password"))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("older than secrets.cache.max-stale=PT1H"));
        }
        try (SecretsClient coldAndTooOld = client(downStore())) {
            assertThatThrownBy(() -> coldAndTooOld.get("db/password")).isInstanceOf(ProviderUnavailableException.class)
                    .satisfies(Canary::assertNotIn);
        }
    }

    @Test
    void get_whenStoreFailsAfterTheMemoryEntryWasEvicted_servesTheDiskValue() throws Exception {
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        String a = Canary.next();
        store.put("a", a);
        store.put("b", Canary.next());
        try (SecretsClient client = client(store, Map.of("secrets.cache.max-size", "1"))) {
            client.get("a");
            client.get("b");
            SecretsEngineClient engine = (SecretsEngineClient) client;
            await().atMost(Duration.ofSeconds(30)).until(() -> !engine.cachedNames().contains("a"));
            await().atMost(Duration.ofSeconds(30)).until(() -> entryFiles() == 2);
            store.goDown();

            SecretValue v = client.get("a");

            assertThat(v.asString()).isEqualTo(a);
            assertThat(v.isStale()).isTrue();
        }
    }

    @Test
    void get_withTamperedDiskEntries_neverServesThem_andRefetchesWhenTheStoreIsBack() throws Exception {
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : List.of("db/password", "api/key", "certs/tls")) {
            values.put(name, Canary.next());
            store.put(name, values.get(name));
        }
        try (SecretsClient client = client(store)) {
            values.keySet().forEach(client::get);
        }
        for (Path f : TinkDiskCacheTest.entryFiles(dir())) {
            byte[] b = Files.readAllBytes(f);
            b[b.length / 2] ^= 0x20;
            Files.write(f, b);
        }

        InMemorySecretProvider back = downStore();
        try (SecretsClient client = client(back)) {
            for (String name : values.keySet()) {
                assertThatThrownBy(() -> client.get(name)).isInstanceOf(ProviderUnavailableException.class)
                        .satisfies(Canary::assertNotIn);
            }
            assertThat(entryFiles()).as("rejected entries are deleted").isZero();

            values.forEach(back::put);
            back.comeBackUp();
            clock.advance(Duration.ofMinutes(10)); // past the cold-read backoff
            for (Map.Entry<String, String> e : values.entrySet()) {
                SecretValue v = client.get(e.getKey());
                assertThat(v.asString()).isEqualTo(e.getValue());
                assertThat(v.isStale()).isFalse();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> entryFiles() == 3);
        }
        try (SecretsClient offline = client(downStore())) {
            assertThat(offline.getString("api/key")).as("the refetched value was cached again").isEqualTo(values.get("api/key"));
        }
    }

    @Test
    void delete_removesTheDiskEntry() throws Exception {
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        store.put("gone", Canary.next());
        store.put("kept", Canary.next());
        try (SecretsClient client = client(store)) {
            client.get("gone");
            client.get("kept");
            assertThat(client.delete("gone")).isTrue();
        }
        assertThat(entryFiles()).isEqualTo(1);
        try (SecretsClient offline = client(downStore())) {
            assertThatThrownBy(() -> offline.get("gone")).isInstanceOf(ProviderUnavailableException.class);
            assertThat(offline.get("kept").isStale()).isTrue();
        }
    }

    private List<LogEvent> warningsWhileBuilding(Map<String, String> extra) {
        long mark = CapturedLogs.mark();
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        String v = Canary.next();
        store.put("db/password", v);
        try (SecretsClient client = client(store, extra)) {
            assertThat(client.getString("db/password")).as("the client works without its disk cache").isEqualTo(v);
        }
        return CapturedLogs.eventsSince(mark).stream().filter(e -> e.level() == Level.WARN).collect(Collectors.toList());
    }

    @Test
    void build_withoutKeyset_warnsOnceNamingTheKey_andRunsWithoutDiskCache() throws Exception {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("secrets.cache.disk.keyset", null);
        List<LogEvent> warnings = warningsWhileBuilding(extra);

        assertThat(warnings).extracting(LogEvent::message).containsExactly("secrets.cache.disk.keyset is not set, so"
                + " secrets.cache.disk.enabled=true cannot take effect; set it to file:/path/keyset.json, env:VARIABLE or"
                + " <kms-uri>;file:/path/keyset.enc.json. The encrypted disk cache is off; secrets are cached in memory only.");
        assertThat(dir()).doesNotExist();
    }

    @Test
    void build_withKeysetFileOpenToOthers_refusesIt_warnsOnce_andRunsWithoutDiskCache() throws Exception {
        Path file = tmp.resolve("keyset.json");
        TestKeys.writeKeysetFile(file, keysetJson);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        List<LogEvent> warnings = warningsWhileBuilding(Map.of());

        assertThat(warnings).extracting(LogEvent::message).containsExactly("Keyset secrets.cache.disk.keyset=file:" + file
                + ": the keyset file " + file + " is accessible by group or others (rw-r--r--), so it is refused; run:"
                + " chmod 600 " + file + ". The encrypted disk cache is off; secrets are cached in memory only.");
        assertThat(dir()).doesNotExist();
    }

    @Test
    void build_withWrongKeysets_warnsOnce_withoutShowingKeyMaterial() throws Exception {
        long mark = CapturedLogs.mark();
        Path file = tmp.resolve("keyset.json");
        TestKeys.writeKeysetFile(file, "{\"not\": \"a keyset\"}");
        assertThat(warningsWhileBuilding(Map.of())).singleElement().extracting(LogEvent::message).asString()
                .startsWith("Keyset secrets.cache.disk.keyset=file:" + file + ": the file " + file
                        + " does not hold a plaintext Tink JSON keyset");

        // a keyset pasted where its URI belongs is neither used nor quoted
        assertThat(warningsWhileBuilding(Map.of("secrets.cache.disk.keyset", TestKeys.newKeysetJson()))).singleElement()
                .extracting(LogEvent::message).asString()
                .startsWith("Keyset secrets.cache.disk.keyset (value not shown: it is not a keyset URI): expected");

        // a directory written under another keyset is left alone
        Files.delete(file);
        TinkDiskCacheTest.open(dir(), TestKeys.newKeysetJson(), 10).close();
        assertThat(warningsWhileBuilding(Map.of())).singleElement().extracting(LogEvent::message).asString()
                .contains("was written under another keyset");
        CapturedLogs.assertNoLeaksSince(mark);
    }

    @Test
    void build_withMalformedDiskSettings_failsLikeEveryEngineKey() {
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        assertThatThrownBy(() -> client(store, Map.of("secrets.cache.disk.max-entries", "0")))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("Invalid value '0' for secrets.cache.disk.max-entries (environment variable"
                        + " SECRETS_CACHE_DISK_MAX_ENTRIES): expected a whole number of at least 1");
        assertThatThrownBy(() -> client(store, Map.of("secrets.cache.disk.enabled", "yes")))
                .hasMessage("Invalid value 'yes' for secrets.cache.disk.enabled (environment variable"
                        + " SECRETS_CACHE_DISK_ENABLED): expected true or false");
        assertThat(store.isClosed()).as("no provider was built, so none leaks").isFalse();
    }

    @Test
    void diskCache_isOffUnlessEnabled() throws Exception {
        long mark = CapturedLogs.mark();
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        store.put("db/password", Canary.next());
        try (SecretsClient client = client(store, Map.of("secrets.cache.disk.enabled", "false"))) {
            client.get("db/password");
        }
        assertThat(dir()).doesNotExist();
        assertThat(CapturedLogs.eventsSince(mark)).extracting(LogEvent::message).contains("secrets.cache.disk.keyset is set"
                + " but secrets.cache.disk.enabled is not true: the encrypted disk cache is off");
    }

    @Test
    void logs_ofAFullCycle_holdNoValueAndNoKeyMaterial() throws Exception {
        long mark = CapturedLogs.mark();
        InMemorySecretProvider store = new InMemorySecretProvider("memory", clock);
        for (int i = 0; i < 5; i++) {
            store.put("s/" + i, Canary.next());
        }
        try (SecretsClient client = client(store)) {
            for (int i = 0; i < 5; i++) {
                client.get("s/" + i);
            }
        }
        Path first = TinkDiskCacheTest.entryFiles(dir()).get(0);
        Files.write(first, new byte[] {1, 2, 3});
        try (SecretsClient offline = client(downStore())) {
            int served = 0;
            for (int i = 0; i < 5; i++) {
                try {
                    assertThat(offline.get("s/" + i).isStale()).isTrue();
                    served++;
                } catch (ProviderUnavailableException e) {
                    Canary.assertNotIn(e);
                }
            }
            assertThat(served).as("all but the damaged entry").isEqualTo(4);
        }
        List<LogEvent> events = CapturedLogs.eventsSince(mark);
        assertThat(events).as("the check below has something to look at")
                .anyMatch(e -> e.message().contains("outcome=stale source=disk"))
                .anyMatch(e -> e.message().contains("failed authentication"));
        CapturedLogs.assertNoLeaksSince(mark);
    }
}
