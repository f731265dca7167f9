package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.SecretRotation;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.Subscription;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RotationTest {

    @Test
    void get_during100Rotations_returnsOnlyWholeValuesAndEachListenerSeesEachVersionOnceInOrder() throws Exception {
        InMemorySecretProvider store = new InMemorySecretProvider().enableWatch();
        Map<String, String> valueByVersion = new ConcurrentHashMap<>();
        String prefix = Canary.next();
        valueByVersion.put(store.put("db/password", prefix + "-0"), prefix + "-0");
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            client.get("db/password");
            List<String> seenA = new CopyOnWriteArrayList<>();
            List<String> seenB = new CopyOnWriteArrayList<>();
            Subscription a = client.onRotation("db/password", r -> seenA.add(r.current().version()));
            Subscription b = client.onRotation("db/password", r -> seenB.add(r.current().version()));
            AtomicInteger reads = new AtomicInteger();
            AtomicReference<String> bad = new AtomicReference<>();
            AtomicBoolean rotating = new AtomicBoolean(true);
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    while (rotating.get() || reads.get() < 10_000) {
                        SecretValue v = client.get("db/password");
                        String expected = valueByVersion.get(v.version());
                        if (expected == null || !expected.equals(v.asString())) {
                            bad.compareAndSet(null, "version " + v.version() + " had an unexpected value");
                        }
                        reads.incrementAndGet();
                    }
                });
                t.start();
                readers.add(t);
            }
            List<String> versions = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                String value = prefix + "-" + i;
                String next = String.valueOf(i + 1); // versions count up from "1", the first put
                valueByVersion.put(next, value); // known before any reader can see it
                assertThat(store.put("db/password", value)).isEqualTo(next);
                versions.add(next);
                client.refresh("db/password");
            }
            rotating.set(false);
            for (Thread t : readers) {
                t.join(60_000);
            }
            assertThat(bad.get()).isNull();
            assertThat(reads.get()).isGreaterThanOrEqualTo(10_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> seenA.size() >= 100 && seenB.size() >= 100);
            assertThat(seenA).containsExactlyElementsOf(versions);
            assertThat(seenB).containsExactlyElementsOf(versions);
            a.cancel();
            b.cancel();
        }
    }

    @Test
    void onRotation_whenStorePushesAChange_deliversPreviousAndCurrent() {
        InMemorySecretProvider store = new InMemorySecretProvider().enableWatch();
        String v1 = Canary.next();
        String v2 = Canary.next();
        store.put("api/key", v1);
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            client.get("api/key");
            List<SecretRotation> events = new CopyOnWriteArrayList<>();
            client.onRotation("api/key", events::add);
            store.rotate("api/key", v2);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 1);
            SecretRotation r = events.get(0);
            assertThat(r.previous()).get().extracting(SecretValue::asString).isEqualTo(v1);
            assertThat(r.current().asString()).isEqualTo(v2);
            assertThat(client.getString("api/key")).isEqualTo(v2);
            assertThat(r.toString()).doesNotContain(v1).doesNotContain(v2);
        }
    }

    @Test
    void onRotation_whenPolled_seesNewVersionWithoutPush() {
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.put("api/key", Canary.next());
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store)
                .property("secrets.rotation.poll", "50ms").build()) {
            client.get("api/key");
            List<String> versions = new CopyOnWriteArrayList<>();
            client.onRotation("api/key", r -> versions.add(r.current().version()));
            String v2 = store.rotate("api/key", Canary.next());
            await().atMost(Duration.ofSeconds(30)).until(() -> versions.contains(v2));
            assertThat(versions).containsExactly(v2);
            assertThat(store.versionCount()).isPositive();
        }
    }

    @Test
    void onRotation_whenSecretIsCreatedLater_deliversItWithNoPrevious() {
        InMemorySecretProvider store = new InMemorySecretProvider();
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store)
                .property("secrets.rotation.poll", "50ms").build()) {
            List<SecretRotation> events = new CopyOnWriteArrayList<>();
            client.onRotation("new/secret", events::add);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.fetchCount("new/secret") >= 1);
            store.put("new/secret", Canary.next());
            await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 1);
            assertThat(events.get(0).previous()).isEmpty();
            assertThat(events.get(0).current().version()).isEqualTo("1");
        }
    }

    @Test
    void listeners_whenOneIsSlowAndOneThrows_othersStillGetEveryEventInOrder() throws Exception {
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.put("api/key", Canary.next());
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            client.get("api/key");
            CountDownLatch slowRelease = new CountDownLatch(1);
            List<String> fast = new CopyOnWriteArrayList<>();
            List<String> afterThrowing = new CopyOnWriteArrayList<>();
            client.onRotation("api/key", r -> {
                try {
                    slowRelease.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            client.onRotation("api/key", r -> {
                afterThrowing.add(r.current().version());
                throw new IllegalStateException("listener bug");
            });
            client.onRotation("api/key", r -> fast.add(r.current().version()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                expected.add(store.rotate("api/key", Canary.next()));
                client.refresh("api/key");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fast.size() == 5 && afterThrowing.size() == 5);
            assertThat(fast).containsExactlyElementsOf(expected);
            assertThat(afterThrowing).containsExactlyElementsOf(expected);
            slowRelease.countDown();
        }
    }

    @Test
    void onRotation_whenNewVersionHasTheSameBytes_isNotARotation() {
        InMemorySecretProvider store = new InMemorySecretProvider();
        String same = Canary.next();
        store.put("api/key", same);
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            client.get("api/key");
            List<String> seen = new CopyOnWriteArrayList<>();
            client.onRotation("api/key", r -> seen.add(r.current().version()));
            store.rotate("api/key", same);
            client.refresh("api/key");
            String v3 = store.rotate("api/key", Canary.next());
            client.refresh("api/key");
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains(v3));
            assertThat(seen).containsExactly(v3);
        }
    }

    @Test
    void subscription_whenCancelled_stopsDelivery() {
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.put("api/key", Canary.next());
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            client.get("api/key");
            List<String> seen = new CopyOnWriteArrayList<>();
            Subscription s = client.onRotation("api/key", r -> seen.add(r.current().version()));
            String v2 = store.rotate("api/key", Canary.next());
            client.refresh("api/key");
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains(v2));
            s.cancel();
            store.rotate("api/key", Canary.next());
            client.refresh("api/key");
            // a later subscriber proves the event went out; the cancelled one must not have it
            List<String> control = new CopyOnWriteArrayList<>();
            client.onRotation("api/key", r -> control.add(r.current().version()));
            String v4 = store.rotate("api/key", Canary.next());
            client.refresh("api/key");
            await().atMost(Duration.ofSeconds(30)).until(() -> control.contains(v4));
            assertThat(seen).containsExactly(v2);
        }
    }
}
