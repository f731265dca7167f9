package io.github.dynamicsecrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.spi.FetchResult;
import io.github.dynamicsecrets.spi.SecretProviderFactory;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySecretProviderTest {

    private final InMemorySecretProvider store = new InMemorySecretProvider();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        store.releaseFetches();
        pool.shutdownNow();
    }

    @Test
    void put_numbersVersionsPerPath_andPinnedReadsKeepHistory() {
        assertThat(store.put("db/a", "one")).isEqualTo("1");
        assertThat(store.put("db/a", "two")).isEqualTo("2");
        assertThat(store.put("db/b", "other")).isEqualTo("1");

        assertThat(fetch("db/a").asString()).isEqualTo("two");
        assertThat(fetch("db/a").version()).isEqualTo("2");
        assertThat(fetch("db/a@1").asString()).isEqualTo("one");
        assertThat(fetch("db/a@1").name()).isEqualTo("db/a@1");
        assertThat(store.fetch(ref("db/a@3"))).isEmpty();
        assertThat(store.fetch(ref("db/a@01"))).isEmpty();
        assertThat(store.fetch(ref("db/a@AWSCURRENT"))).isEmpty();
        assertThat(store.version(ref("db/a@1"))).contains("1");
        assertThat(store.version(ref("db/a@9"))).isEmpty();
    }

    @Test
    void put_copiesTheCallersArray() {
        byte[] value = {1, 2, 3};
        store.put("db/bytes", value);
        value[0] = 9;

        assertThat(fetch("db/bytes").asBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void fetchedAt_comesFromTheGivenClock() {
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        InMemorySecretProvider timed = new InMemorySecretProvider("timed", Clock.fixed(t, ZoneOffset.UTC));
        timed.put("db/a", "x");

        SecretValue v = timed.fetch(ref("db/a")).orElseThrow();
        assertThat(v.fetchedAt()).isEqualTo(t);
        assertThat(v.provider()).isEqualTo("timed");
    }

    @Test
    void rotate_whenMissing_failsNamingThePath() {
        assertThatThrownBy(() -> store.rotate("db/none", "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("db/none");
        store.put("db/none", "x");
        assertThat(store.rotate("db/none", "y")).isEqualTo("2");
    }

    @Test
    void delete_thenPut_continuesNumberingAndForgetsOldVersions() {
        store.put("db/a", "one");
        store.put("db/a", "two");

        assertThat(store.delete("db/a")).isTrue();
        assertThat(store.delete("db/a")).isFalse();
        assertThat(store.fetch(ref("db/a"))).isEmpty();
        assertThat(store.fetch(ref("db/a@1"))).isEmpty();

        assertThat(store.put("db/a", "three")).isEqualTo("3");
        assertThat(store.fetch(ref("db/a@2"))).isEmpty();
        assertThat(fetch("db/a@3").asString()).isEqualTo("three");
    }

    @Test
    void testControls_rejectSelectorsAndBadNames() {
        assertThatThrownBy(() -> store.put("db/a@1", "x")).isInstanceOf(InvalidSecretNameException.class).hasMessageContaining("db/a@1");
        assertThatThrownBy(() -> store.put("db/a#f", "x")).isInstanceOf(InvalidSecretNameException.class);
        assertThatThrownBy(() -> store.put("db//a", "x")).isInstanceOf(InvalidSecretNameException.class);
        assertThatThrownBy(() -> new InMemorySecretProvider("Bad Name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fetch_withField_isRejectedBecauseTheEngineStripsFields() {
        assertThatThrownBy(() -> store.fetch(ref("db/a#user"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("db/a#user");
    }

    @Test
    void goDown_failsEverySpiCallNamingProviderAndSecret_butNotTheValue() {
        String value = Canary.next();
        store.put("db/password", value);
        store.goDown();

        List<RuntimeException> failures = new ArrayList<>();
        failures.add(catchUnavailable(() -> store.fetch(ref("db/password"))));
        failures.add(catchUnavailable(() -> store.version(ref("db/password"))));
        failures.add(catchUnavailable(() -> store.put(ref("db/password"), Canary.nextBytes())));
        failures.add(catchUnavailable(() -> store.delete(ref("db/password"))));
        failures.add(catchUnavailable(() -> store.list("db/")));
        Map<SecretRef, FetchResult> bulk = store.fetchAll(List.of(ref("db/password"), ref("db/other")));
        bulk.values().forEach(r -> failures.add(r.error().orElseThrow()));

        for (RuntimeException e : failures) {
            assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("'memory'")
                    .hasMessageContaining("simulated outage");
            assertThat(((ProviderUnavailableException) e).provider()).isEqualTo("memory");
            Canary.assertNotIn(e);
        }
        assertThat(failures.get(0)).hasMessageContaining("db/password");
        assertThat(store.isDown()).isTrue();
        Canary.assertNotInToString(store);

        store.comeBackUp();
        assertThat(fetch("db/password").asString()).isEqualTo(value);
    }

    @Test
    void testControls_keepWorkingWhileDown() {
        store.goDown();
        store.put("db/a", "x");
        store.rotate("db/a", "y");
        store.comeBackUp();

        assertThat(fetch("db/a").version()).isEqualTo("2");
        assertThat(store.fetchCount()).isEqualTo(1);
    }

    @Test
    void throttle_failsExactlyTheNextCalls() {
        store.put("db/a", "x");
        store.throttle(2);

        assertThatThrownBy(() -> store.fetch(ref("db/a"))).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("throttled").hasMessageContaining("db/a");
        assertThatThrownBy(() -> store.version(ref("db/a"))).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("throttled");
        assertThat(store.fetch(ref("db/a"))).isPresent();
    }

    @Test
    void throttle_countsDownExactlyUnderConcurrency() throws Exception {
        store.put("db/a", "x");
        store.throttle(50);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(pool.submit(() -> {
                try {
                    store.fetch(ref("db/a"));
                    return true;
                } catch (ProviderUnavailableException e) {
                    return false;
                }
            }));
        }
        int failed = 0;
        for (Future<Boolean> f : calls) {
            failed += f.get(30, TimeUnit.SECONDS) ? 0 : 1;
        }
        assertThat(failed).isEqualTo(50);
    }

    @Test
    void latency_isInterruptibleAndKeepsTheInterrupt() throws Exception {
        store.put("db/a", "x");
        store.setLatency(Duration.ofHours(1));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                store.fetch(ref("db/a"));
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt lost", e));
            }
        });
        caller.start();
        caller.interrupt();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("interrupted");
        assertThatThrownBy(() -> store.setLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void holdFetches_blocksCountedReadsUntilReleased_butNotVersionChecks() throws Exception {
        store.put("db/a", "x");
        store.holdFetches();
        List<Future<Optional<SecretValue>>> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            readers.add(pool.submit(() -> store.fetch(ref("db/a"))));
        }

        assertThat(store.awaitBlockedFetches(3, Duration.ofSeconds(30))).isTrue();
        assertThat(store.blockedFetches()).isEqualTo(3);
        assertThat(store.fetchCount("db/a")).isEqualTo(3);
        assertThat(readers).noneMatch(Future::isDone);
        assertThat(store.version(ref("db/a"))).contains("1");

        store.releaseFetches();
        for (Future<Optional<SecretValue>> r : readers) {
            assertThat(r.get(30, TimeUnit.SECONDS)).isPresent();
        }
        assertThat(store.blockedFetches()).isZero();
    }

    @Test
    void awaitBlockedFetches_returnsFalseWhenTooFewArrive() throws Exception {
        store.holdFetches();
        assertThat(store.awaitBlockedFetches(1, Duration.ofMillis(1))).isFalse();
    }

    @Test
    void counters_countEachKindOfCallAndReset() {
        store.put("db/a", "x");
        store.put("db/b", "y");

        store.fetch(ref("db/a"));
        store.fetch(ref("db/a@1"));
        store.fetch(ref("db/missing"));
        store.fetchAll(List.of(ref("db/a"), ref("db/b")));
        store.versions(List.of(ref("db/a"), ref("db/b"), ref("db/missing")));
        store.version(ref("db/a"));

        assertThat(store.fetchCount()).isEqualTo(5);
        assertThat(store.fetchCount("db/a")).isEqualTo(3);
        assertThat(store.fetchCount("db/b")).isEqualTo(1);
        assertThat(store.fetchCount("db/missing")).isEqualTo(1);
        assertThat(store.fetchCount("db/never")).isZero();
        assertThat(store.bulkFetchCount()).isEqualTo(1);
        assertThat(store.versionCount()).isEqualTo(4);

        store.resetCounts();
        assertThat(store.fetchCount()).isZero();
        assertThat(store.fetchCount("db/a")).isZero();
        assertThat(store.bulkFetchCount()).isZero();
        assertThat(store.versionCount()).isZero();
    }

    @Test
    void counters_areExactUnderConcurrentReads() throws Exception {
        store.put("db/a", "x");
        List<Future<?>> calls = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            calls.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    store.fetch(ref("db/a"));
                    store.version(ref("db/a"));
                }
            }));
        }
        for (Future<?> f : calls) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(store.fetchCount("db/a")).isEqualTo(4000);
        assertThat(store.versionCount()).isEqualTo(4000);
    }

    @Test
    void watch_isRefusedUnlessEnabled() {
        assertThat(store.watch(path -> { })).isFalse();
        assertThat(store.isWatched()).isFalse();
    }

    @Test
    void watch_whenEnabled_reportsEveryWriteUntilClosed() {
        List<String> changes = new CopyOnWriteArrayList<>();
        assertThat(store.enableWatch().watch(changes::add)).isTrue();
        assertThat(store.isWatched()).isTrue();

        store.put("db/a", "1");
        store.rotate("db/a", "2");
        store.put(ref("db/b"), Canary.nextBytes());
        store.delete(ref("db/b"));
        store.delete("db/a");
        store.delete("db/never");
        assertThat(changes).containsExactly("db/a", "db/a", "db/b", "db/b", "db/a");

        store.close();
        store.put("db/c", "3");
        assertThat(changes).hasSize(5);
        assertThat(store.isWatched()).isFalse();
    }

    @Test
    void close_failsLaterSpiCalls_keepsTestControls_andReleasesHeldReads() throws Exception {
        store.put("db/a", "x");
        store.holdFetches();
        Future<Optional<SecretValue>> held = pool.submit(() -> store.fetch(ref("db/a")));
        assertThat(store.awaitBlockedFetches(1, Duration.ofSeconds(30))).isTrue();

        store.close();
        store.close();

        assertThat(held.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(store.isClosed()).isTrue();
        assertThatThrownBy(() -> store.fetch(ref("db/a"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed").hasMessageContaining("db/a");
        assertThat(store.put("db/a", "y")).isEqualTo("2");
    }

    @Test
    void toString_showsNameAndCountButNoValue() {
        store.put("db/a", Canary.next());
        store.put("db/b", Canary.next());

        assertThat(store).hasToString("InMemorySecretProvider[name=memory, secrets=2]");
        Canary.assertNotInToString(store);
    }

    @Test
    void factory_isFoundByServiceLoader_andEachCreateIsASeparateStore() {
        SecretProviderFactory factory = null;
        for (SecretProviderFactory f : ServiceLoader.load(SecretProviderFactory.class)) {
            if (f.name().equals("memory")) {
                factory = f;
            }
        }
        assertThat(factory).isInstanceOf(InMemorySecretProviderFactory.class);

        ProviderConfig config = ProviderConfig.of("secrets.provider.memory.", Map.of());
        InMemorySecretProvider first = (InMemorySecretProvider) factory.create(config);
        InMemorySecretProvider second = (InMemorySecretProvider) factory.create(config);
        first.put("db/a", "x");

        assertThat(first.name()).isEqualTo("memory");
        assertThat(second.fetch(ref("db/a"))).isEmpty();
    }

    private SecretValue fetch(String name) {
        return store.fetch(ref(name)).orElseThrow(() -> new AssertionError(name + " not found"));
    }

    private static RuntimeException catchUnavailable(Runnable call) {
        try {
            call.run();
        } catch (ProviderUnavailableException e) {
            return e;
        }
        throw new AssertionError("expected ProviderUnavailableException");
    }

    private static SecretRef ref(String name) {
        return SecretRef.parse(name);
    }
}
