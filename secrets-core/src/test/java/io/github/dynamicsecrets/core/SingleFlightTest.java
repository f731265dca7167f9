package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    @Test
    void get_when64ThreadsMissOneNameAtOnce_makesExactlyOneStoreCall() throws Exception {
        InMemorySecretProvider store = new InMemorySecretProvider();
        String secret = Canary.next();
        store.put("db/password", secret);
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            store.holdFetches();
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        results.add(client.get("db/password"));
                    } catch (Throwable e) {
                        results.add(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            assertThat(store.awaitBlockedFetches(1, Duration.ofSeconds(30))).isTrue();
            // every caller is parked: one at the store's gate, the rest waiting on its flight
            await().atMost(Duration.ofSeconds(30)).until(() -> threads.stream()
                    .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
            store.releaseFetches();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(results).hasSize(64).allSatisfy(r -> {
                assertThat(r).isInstanceOf(SecretValue.class);
                assertThat(((SecretValue) r).asString()).isEqualTo(secret);
            });
            assertThat(store.fetchCount()).isEqualTo(1);
        }
    }

    @Test
    void get_whenLateCallersMissJustBeforeTheFlightLands_stillOneStoreCallPerHerd() throws Exception {
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.setLatency(Duration.ofMillis(1));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            for (int herd = 0; herd < 300; herd++) {
                String name = "herd/" + herd;
                store.put(name, Canary.next());
                CountDownLatch go = new CountDownLatch(1);
                List<java.util.concurrent.Future<SecretValue>> reads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    reads.add(pool.submit(() -> {
                        go.await();
                        return client.get(name);
                    }));
                }
                go.countDown();
                for (java.util.concurrent.Future<SecretValue> r : reads) {
                    assertThat(r.get(30, java.util.concurrent.TimeUnit.SECONDS).version()).isEqualTo("1");
                }
                assertThat(store.fetchCount(name)).as("store calls for " + name).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void get_whenCached_neverCallsTheStore() {
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.put("api/token", Canary.next());
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            SecretValue first = client.get("api/token");
            for (int i = 0; i < 10_000; i++) {
                assertThat(client.get("api/token")).isSameAs(first);
            }
            assertThat(store.fetchCount()).isEqualTo(1);
        }
    }

    @Test
    void get_fieldsOfOneSecret_shareOneStoreCall() {
        InMemorySecretProvider store = new InMemorySecretProvider();
        String password = Canary.next();
        store.put("db/creds", "{\"user\":\"app\",\"password\":\"" + password + "\",\"port\":5432}");
        try (SecretsClient client = SecretsEngine.builder().provider("memory", store).build()) {
            assertThat(client.getString("db/creds#password")).isEqualTo(password);
            assertThat(client.getString("db/creds#user")).isEqualTo("app");
            assertThat(client.getString("db/creds#port")).isEqualTo("5432");
            assertThat(client.get("db/creds#user").version()).isEqualTo("1");
            assertThat(store.fetchCount("db/creds")).isEqualTo(1);
        }
    }
}
