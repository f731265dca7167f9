package io.github.dynamicsecrets.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.WritableSecretProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The longer checks of {@link SecretProviderContract}, kept apart so the contract reads as a list. */
final class ContractChecks {

    static final int READERS = 16;
    static final int REWRITES = 40;
    static final int MIN_READS_PER_READER = 25;
    static final int WRITERS = 4;
    static final int PATHS_PER_WRITER = 6;
    static final int OPS_PER_WRITER = 120;
    static final int SHARED_PUTS_PER_WRITER = 25;
    /** Generous: only a hung provider comes near it; nothing here measures speed. */
    static final long HANG_GUARD_SECONDS = 300;

    /** {@link SecretProviderContract#storeSecret}, as a function. */
    interface Store {
        void store(String path, byte[] value) throws Exception;
    }

    /** {@link SecretProviderContract#awaitStoreSettled}, as a function. */
    interface Settle {
        void settle() throws Exception;
    }

    private ContractChecks() {}

    static void assertRejected(String name, Runnable call) {
        try {
            call.run();
        } catch (InvalidSecretNameException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(name),
                    "the message must name the rejected name '" + name + "': " + e.getMessage());
            Canary.assertNotIn(e);
            return;
        }
        fail("'" + name + "' is listed as unrepresentable but was not rejected with InvalidSecretNameException");
    }

    /**
     * One writer rewrites a secret with values of different lengths while readers fetch it; a
     * torn or half-written read would be a value that was never stored.
     */
    static void readsDuringRewrites(SecretProvider provider, Store store, Settle settle) throws Exception {
        String path = "contract/concurrent";
        SecretRef ref = SecretRef.parse(path);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < REWRITES; i++) {
            values.add(bulkyValue(i));
        }
        Set<String> written = ConcurrentHashMap.newKeySet();
        written.add(values.get(0));
        store.store(path, values.get(0).getBytes(StandardCharsets.UTF_8));
        settle.settle();

        Queue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Callable<Void>> tasks = new ArrayList<>();
        tasks.add(() -> {
            try {
                for (int i = 1; i < REWRITES; i++) {
                    String v = values.get(i);
                    written.add(v); // before the write: a reader may see it while the write is under way
                    store.store(path, v.getBytes(StandardCharsets.UTF_8));
                }
            } finally {
                writing.set(false);
            }
            return null;
        });
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            tasks.add(() -> {
                for (int reads = 0; writing.get() || reads < MIN_READS_PER_READER; reads++) {
                    Optional<SecretValue> got = provider.fetch(ref);
                    if (got.isEmpty()) {
                        problems.add("reader " + reader + " found nothing at read " + reads);
                    } else if (!written.contains(got.get().asString())) {
                        problems.add("reader " + reader + " got " + got.get().length()
                                + " bytes that are no complete stored version");
                    }
                }
                return null;
            });
        }
        runTogether(tasks);
        assertTrue(problems.isEmpty(), () -> problems.size() + " bad reads, first ones: " + first(problems));
        settle.settle();
        assertEquals(values.get(REWRITES - 1), provider.fetch(ref).map(SecretValue::asString).orElse(null),
                "after the rewrites the last value is read");
    }

    /**
     * Writers each own some paths and put or delete them at random (so the expected end state
     * is known), and all of them also put one shared path.
     */
    static void concurrentWrites(WritableSecretProvider provider) throws Exception {
        String shared = "contract/conc/shared";
        Map<String, Optional<byte[]>> expected = new ConcurrentHashMap<>();
        Set<String> sharedValues = ConcurrentHashMap.newKeySet();
        Queue<String> sharedVersions = new ConcurrentLinkedQueue<>();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            tasks.add(() -> {
                Random random = new Random(writer);
                Map<String, byte[]> mine = new HashMap<>();
                Map<String, String> lastVersion = new HashMap<>();
                for (int op = 0; op < OPS_PER_WRITER + SHARED_PUTS_PER_WRITER; op++) {
                    if (op % ((OPS_PER_WRITER + SHARED_PUTS_PER_WRITER) / SHARED_PUTS_PER_WRITER) == 0) {
                        String v = Canary.next();
                        sharedValues.add(v);
                        sharedVersions.add(provider.put(SecretRef.parse(shared), v.getBytes(StandardCharsets.UTF_8)).version());
                        continue;
                    }
                    String path = "contract/conc/w" + writer + "/p" + random.nextInt(PATHS_PER_WRITER);
                    if (random.nextInt(3) == 0) {
                        boolean existed = provider.delete(SecretRef.parse(path));
                        if (existed != mine.containsKey(path)) {
                            problems.add("delete(" + path + ") returned " + existed);
                        }
                        mine.remove(path);
                    } else {
                        byte[] v = Canary.nextBytes();
                        String version = provider.put(SecretRef.parse(path), v).version();
                        if (version.equals(lastVersion.get(path))) {
                            problems.add("put(" + path + ") reused version " + version);
                        }
                        lastVersion.put(path, version);
                        mine.put(path, v);
                    }
                }
                for (int p = 0; p < PATHS_PER_WRITER; p++) {
                    String path = "contract/conc/w" + writer + "/p" + p;
                    expected.put(path, Optional.ofNullable(mine.get(path)));
                }
                return null;
            });
        }
        runTogether(tasks);
        assertTrue(problems.isEmpty(), () -> "inconsistent writes: " + first(problems));

        Set<String> live = new TreeSet<>();
        for (Map.Entry<String, Optional<byte[]>> e : expected.entrySet()) {
            Optional<SecretValue> got = provider.fetch(SecretRef.parse(e.getKey()));
            if (e.getValue().isPresent()) {
                live.add(e.getKey());
                assertArrayEquals(e.getValue().get(), got.map(SecretValue::asBytes).orElse(null),
                        "last write wins for " + e.getKey());
            } else {
                assertEquals(Optional.empty(), got, e.getKey() + " was deleted last");
            }
        }
        live.add(shared);
        assertEquals(new ArrayList<>(live), provider.list("contract/conc/"), "list shows exactly the live paths");
        assertEquals(sharedVersions.size(), new HashSet<>(sharedVersions).size(),
                "concurrent puts of one path each get their own version");
        String sharedNow = provider.fetch(SecretRef.parse(shared)).map(SecretValue::asString).orElse(null);
        assertTrue(sharedValues.contains(sharedNow), "the shared path holds one of the values put");
    }

    /** Provokes the failures a caller can cause and checks that none quotes a stored value. */
    static void assertFailuresLeakNothing(SecretProvider provider, List<String> unrepresentable) {
        List<Runnable> calls = new ArrayList<>();
        for (String name : unrepresentable) {
            calls.add(() -> provider.fetch(SecretRef.parse(name)));
        }
        if (provider instanceof WritableSecretProvider) {
            WritableSecretProvider w = (WritableSecretProvider) provider;
            calls.add(() -> w.put(SecretRef.parse("contract/leak@1"), Canary.nextBytes()));
            calls.add(() -> w.put(SecretRef.parse("contract/leak#field"), Canary.nextBytes()));
        }
        for (Runnable call : calls) {
            try {
                call.run();
            } catch (RuntimeException e) {
                Canary.assertNotIn(e);
            }
        }
    }

    /** Starts all tasks at once and waits for all; the first failure fails the test. */
    private static void runTogether(List<Callable<Void>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Plain ASCII of a length that differs per index, so a torn read cannot match any version. */
    private static String bulkyValue(int index) {
        String canary = Canary.next();
        StringBuilder sb = new StringBuilder(canary).append(':');
        int length = 512 + 97 * index;
        while (sb.length() < length) {
            sb.append((char) ('a' + (sb.length() + index) % 26));
        }
        return sb.append(':').append(index).toString();
    }

    private static String first(Queue<String> problems) {
        List<String> out = new ArrayList<>();
        for (String p : problems) {
            if (out.size() == 5) {
                break;
            }
            out.add(p);
        }
        return out.toString();
    }
}
