package io.github.dynamicsecrets.provider.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's AtomicWriter sequence, 100 times, while reader threads read without pause: no
 * reader sees an error or a value mixed from two snapshots, equal bytes always carry one version,
 * and each swap yields exactly one report per changed key and none for unchanged keys.
 */
class AtomicWriterSwapStressTest {

    private static final int SWAPS = 100;
    private static final int READERS = 4;
    private static final int BIG = 8 * 1024;

    @TempDir
    Path root;

    /** {@code changing} and {@code big} change every swap, {@code alternating} every second one, {@code stable} never. */
    private static Map<String, String> payload(int gen) {
        String marker = String.format("gen-%04d|", gen);
        return Map.of("changing", "changing-" + gen, "big", marker.repeat(BIG / marker.length()),
                "alternating", "alternating-" + gen / 2, "stable", "stable");
    }

    @Test
    void hundredSwapsUnderConcurrentReads_noErrorsNoMixedValues_oneReportPerChangedKey() throws Exception {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        Map<String, Integer> genOfSnapshot = new ConcurrentHashMap<>();
        genOfSnapshot.put(db.write(payload(0)), 0);
        CountingSink sink = new CountingSink();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Map<String, Set<String>> versionsByContent = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        List<String> keys = List.of("db/changing", "db/big", "db/alternating", "db/stable");

        try (FileSecretProvider p = Providers.with(Map.of("secrets.rotation.poll", "PT1H"), root)) {
            keys.forEach(k -> p.fetch(SecretRef.parse(k)).orElseThrow());
            p.watch(sink);
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                Thread t = new Thread(() -> {
                    while (!done.get()) {
                        for (String key : keys) {
                            try {
                                SecretValue v = p.fetch(SecretRef.parse(key)).orElseThrow(() -> new AssertionError(key + " not found"));
                                String s = v.asString();
                                if (key.equals("db/big")) {
                                    assertWhole(s);
                                }
                                versionsByContent.computeIfAbsent(key + "=" + s.substring(0, Math.min(s.length(), 24)),
                                        c -> ConcurrentHashMap.newKeySet()).add(v.version());
                                reads.incrementAndGet();
                            } catch (Throwable e) {
                                errors.add(e);
                            }
                        }
                    }
                }, "reader-" + r);
                t.start();
                readers.add(t);
            }

            for (int gen = 1; gen <= SWAPS; gen++) {
                genOfSnapshot.put(db.write(payload(gen)), gen);
                int g = gen;
                await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> sink.count("db/changing") == g
                        && sink.count("db/big") == g && sink.count("db/alternating") == g / 2);
            }
            done.set(true);
            for (Thread t : readers) {
                t.join();
            }
        }

        assertThat(errors).isEmpty();
        assertThat(reads.get()).isGreaterThan(SWAPS);
        assertThat(sink.count("db/stable")).isZero();
        assertThat(sink.count("db/changing")).isEqualTo(SWAPS);
        assertThat(sink.count("db/big")).isEqualTo(SWAPS);
        assertThat(sink.count("db/alternating")).isEqualTo(SWAPS / 2);
        versionsByContent.forEach((content, versions) -> {
            assertThat(versions).as("versions of " + content).hasSize(1);
            String version = versions.iterator().next();
            assertThat(genOfSnapshot).as("a snapshot named " + version).containsKey(version);
            int gen = genOfSnapshot.get(version);
            String key = content.substring(0, content.indexOf('='));
            String value = content.substring(content.indexOf('=') + 1);
            String expected = payload(gen).get(key.substring(3));
            assertThat(expected).as("the snapshot a version names holds that content: " + content).startsWith(value);
        });
        assertThat(versionsByContent.get("db/stable=stable")).as("unchanged bytes keep the first snapshot's name")
                .containsExactly(genOfSnapshot.entrySet().stream().filter(e -> e.getValue() == 0).findFirst().orElseThrow().getKey());
    }

    private static void assertWhole(String big) {
        String first = big.substring(0, 9);
        if (big.length() != BIG / 9 * 9 || !big.equals(first.repeat(BIG / 9))) {
            throw new AssertionError("a value mixed from two snapshots, or cut short: starts " + first + ", length " + big.length());
        }
    }
}
