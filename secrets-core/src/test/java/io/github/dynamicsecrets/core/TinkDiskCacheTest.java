package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.test.CanaryExtension;
import io.github.dynamicsecrets.test.CapturedLogs;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.LogEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

@ExtendWith(CanaryExtension.class)
class TinkDiskCacheTest {

    @TempDir
    Path tmp;

    private final String keyset = TestKeys.newKeysetJson();

    static TinkDiskCache open(Path dir, String keysetJson, long maxEntries) {
        DiskCache c = DiskCaches.open(dir, TestKeys.aead(keysetJson), maxEntries);
        assertThat(c).isInstanceOf(TinkDiskCache.class);
        return (TinkDiskCache) c;
    }

    static SecretValue value(String name, String value, String version) {
        return SecretValue.builder(name).value(value).version(version).provider("memory")
                .fetchedAt(Instant.parse("2026-03-04T05:06:07.123456789Z")).build();
    }

    static void flush(TinkDiskCache c) throws InterruptedException {
        assertThat(c.awaitWrites(Duration.ofSeconds(30))).as("writes finished").isTrue();
    }

    static List<Path> entryFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> DiskEntryCodec.isEntryFileName(p.getFileName().toString())).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void write_thenReadAfterRestart_returnsValueVersionProviderAndFetchTime() throws Exception {
        Path dir = tmp.resolve("cache");
        String secret = Canary.next();
        TinkDiskCache c = open(dir, keyset, 100);
        c.write("memory", SecretRef.parse("db/password"), value("db/password", secret, "v7"));
        c.close();

        TinkDiskCache again = open(dir, keyset, 100);
        SecretValue v = again.read("memory", SecretRef.parse("db/password")).orElseThrow();
        assertThat(v.asString()).isEqualTo(secret);
        assertThat(v.version()).isEqualTo("v7");
        assertThat(v.provider()).isEqualTo("memory");
        assertThat(v.name()).isEqualTo("db/password");
        assertThat(v.fetchedAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456789Z"));
        assertThat(again.read("other", SecretRef.parse("db/password"))).as("another provider's entry").isEmpty();
        assertThat(again.read("memory", SecretRef.parse("db/password@v7"))).as("a pinned name is its own entry").isEmpty();
        again.close();
    }

    @Test
    void files_areNamedByKeyedHash_holdNoPlaintext_andAreOwnerOnly() throws Exception {
        Path dir = tmp.resolve("cache");
        String secret = Canary.next();
        TinkDiskCache c = open(dir, keyset, 100);
        c.write("memory", SecretRef.parse("payments/stripe-api-key"), value("payments/stripe-api-key", secret, "1"));
        c.write("aws", SecretRef.parse("payments/stripe-api-key"), value("payments/stripe-api-key", secret, "1"));
        flush(c);

        List<Path> files = entryFiles(dir);
        assertThat(files).hasSize(2);
        for (Path f : files) {
            assertThat(f.getFileName().toString()).matches("[0-9a-f]{64}\\.dsc").doesNotContain("stripe").doesNotContain("payments");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
            byte[] bytes = Files.readAllBytes(f);
            Canary.assertNotIn("cache file", new String(bytes, StandardCharsets.ISO_8859_1));
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("stripe").doesNotContain("payments");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(Files.readAllBytes(dir.resolve(DiskEntryCodec.NAME_KEY_FILE))).hasSizeGreaterThan(32);
        c.close();

        // the name is stable across restarts of one directory, and keyed: another directory names it differently
        TinkDiskCache again = open(dir, keyset, 100);
        again.write("memory", SecretRef.parse("payments/stripe-api-key"), value("payments/stripe-api-key", secret, "2"));
        flush(again);
        assertThat(entryFiles(dir)).isEqualTo(files);
        again.close();
        Path other = tmp.resolve("other");
        TinkDiskCache elsewhere = open(other, keyset, 100);
        elsewhere.write("memory", SecretRef.parse("payments/stripe-api-key"), value("payments/stripe-api-key", secret, "1"));
        flush(elsewhere);
        assertThat(entryFiles(other).get(0).getFileName()).isNotIn(files.stream().map(Path::getFileName).collect(Collectors.toList()));
        elsewhere.close();
    }

    @Test
    void open_existingDirectoryOpenToOthers_isTightenedTo0700() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("loose"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        long mark = CapturedLogs.mark();

        open(dir, keyset, 10).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(CapturedLogs.eventsSince(mark)).anyMatch(e -> e.level() == Level.WARN
                && e.message().equals("Disk cache directory " + dir + " (secrets.cache.disk.dir) was accessible by group or"
                        + " others; it is now 0700"));
    }

    @Test
    void read_rightAfterWrites_neverSeesAnOlderValue() throws Exception {
        TinkDiskCache c = open(tmp.resolve("cache"), keyset, 100);
        SecretRef ref = SecretRef.parse("db/password");
        for (int i = 0; i < 200; i++) {
            c.write("memory", ref, value("db/password", "value-" + i, String.valueOf(i)));
            assertThat(c.read("memory", ref).orElseThrow().version()).isEqualTo(String.valueOf(i));
            if (i % 50 == 25) {
                c.delete("memory", ref);
                assertThat(c.read("memory", ref)).as("deleted, even while the delete is queued").isEmpty();
            }
        }
        flush(c);
        assertThat(c.read("memory", ref).orElseThrow().version()).isEqualTo("199");
        c.delete("memory", ref);
        flush(c);
        assertThat(entryFiles(tmp.resolve("cache"))).isEmpty();
        c.close();
    }

    @Test
    void maxEntries_evictsTheLeastRecentlyWritten() throws Exception {
        Path dir = tmp.resolve("cache");
        TinkDiskCache c = open(dir, keyset, 3);
        for (String n : List.of("a", "b", "c")) {
            c.write("memory", SecretRef.parse(n), value(n, Canary.next(), "1"));
            flush(c);
        }
        c.write("memory", SecretRef.parse("a"), value("a", Canary.next(), "2")); // a is now the newest
        flush(c);
        c.write("memory", SecretRef.parse("d"), value("d", Canary.next(), "1"));
        flush(c);

        assertThat(entryFiles(dir)).hasSize(3);
        assertThat(c.entryCount()).isEqualTo(3);
        assertThat(c.read("memory", SecretRef.parse("b"))).isEmpty();
        for (String n : List.of("a", "c", "d")) {
            assertThat(c.read("memory", SecretRef.parse(n))).as(n).isPresent();
        }
        c.close();

        // a restart with a smaller bound removes the oldest files by modification time
        List<Path> files = entryFiles(dir);
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        Map<String, Long> ages = Map.of("a", t + 3000, "c", t + 1000, "d", t + 2000);
        TinkDiskCache probe = open(dir, keyset, 3);
        for (Map.Entry<String, Long> e : ages.entrySet()) {
            Path f = dir.resolve(probe.fileName("memory", e.getKey()));
            assertThat(files).contains(f);
            Files.setLastModifiedTime(f, FileTime.fromMillis(e.getValue()));
        }
        probe.close();
        TinkDiskCache smaller = open(dir, keyset, 2);
        assertThat(smaller.read("memory", SecretRef.parse("c"))).as("oldest").isEmpty();
        assertThat(smaller.read("memory", SecretRef.parse("d"))).isPresent();
        assertThat(smaller.read("memory", SecretRef.parse("a"))).isPresent();
        smaller.close();
    }

    @Test
    void open_removesOldLeftoverTempFiles_andIgnoresRecentOnes() throws Exception {
        Path dir = tmp.resolve("cache");
        open(dir, keyset, 10).close();
        Path old = Files.write(dir.resolve(PrivateFiles.TEMP_PREFIX + "123"), Canary.nextBytes());
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path recent = Files.write(dir.resolve(PrivateFiles.TEMP_PREFIX + "456"), Canary.nextBytes());

        TinkDiskCache c = open(dir, keyset, 10);

        assertThat(old).doesNotExist();
        assertThat(recent).as("may belong to another process writing now").exists();
        assertThat(c.entryCount()).isZero();
        c.close();
    }

    @Test
    void open_directoryOfAnotherKeyset_isBypassedWithOneWarning_andLeftIntact() throws Exception {
        Path dir = tmp.resolve("cache");
        TinkDiskCache mine = open(dir, keyset, 10);
        String secret = Canary.next();
        mine.write("memory", SecretRef.parse("db/password"), value("db/password", secret, "1"));
        mine.close();
        long mark = CapturedLogs.mark();

        DiskCache foreign = DiskCaches.open(dir, TestKeys.aead(TestKeys.newKeysetJson()), 10);

        assertThat(foreign).isSameAs(DiskCache.DISABLED);
        List<LogEvent> warns = CapturedLogs.eventsSince(mark).stream().filter(e -> e.level() == Level.WARN).collect(Collectors.toList());
        assertThat(warns).hasSize(1);
        assertThat(warns.get(0).message()).startsWith("secrets.cache.disk.keyset: the cache directory " + dir
                + " was written under another keyset").endsWith("The encrypted disk cache is off; secrets are cached in memory only.");
        assertThat(entryFiles(dir)).hasSize(1);
        assertThat(open(dir, keyset, 10).read("memory", SecretRef.parse("db/password")).orElseThrow().asString()).isEqualTo(secret);
    }

    @Test
    void rotatedKeyset_readsEntriesWrittenBefore_andWritesWithTheNewPrimary() throws Exception {
        Path dir = tmp.resolve("cache");
        TinkDiskCache before = open(dir, keyset, 10);
        String old = Canary.next();
        before.write("memory", SecretRef.parse("old"), value("old", old, "1"));
        before.close();
        String rotated = TestKeys.plantKeyMaterial(KeysetTool.serialize(KeysetTool.rotate(TestKeys.handle(keyset))));

        TinkDiskCache after = open(dir, rotated, 10);
        assertThat(after.read("memory", SecretRef.parse("old")).orElseThrow().asString()).isEqualTo(old);
        after.write("memory", SecretRef.parse("new"), value("new", Canary.next(), "1"));
        after.close();

        TinkDiskCache oldKeysetOnly = open(dir, keyset, 10);
        assertThat(oldKeysetOnly.read("memory", SecretRef.parse("new"))).as("encrypted under the new primary").isEmpty();
        assertThat(oldKeysetOnly.read("memory", SecretRef.parse("old"))).isPresent();
        oldKeysetOnly.close();
    }

    @Test
    void close_flushesEveryQueuedWrite() throws Exception {
        Path dir = tmp.resolve("cache");
        TinkDiskCache c = open(dir, keyset, 1000);
        for (int i = 0; i < 100; i++) {
            c.write("memory", SecretRef.parse("s/" + i), value("s/" + i, "value-" + i, "1"));
        }
        c.close();
        c.write("memory", SecretRef.parse("late"), value("late", "x", "1"));

        TinkDiskCache again = open(dir, keyset, 1000);
        for (int i = 0; i < 100; i++) {
            assertThat(again.read("memory", SecretRef.parse("s/" + i)).orElseThrow().asString()).isEqualTo("value-" + i);
        }
        assertThat(again.read("memory", SecretRef.parse("late"))).as("written after close").isEmpty();
        again.close();
    }

    @Test
    void concurrentReadsWritesAndDeletes_onlyEverReturnAValueWrittenForThatName() throws Exception {
        Path dir = tmp.resolve("cache");
        TinkDiskCache c = open(dir, keyset, 8);
        Map<String, Integer> lastWritten = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Random r = new Random(thread);
                for (int op = 0; op < 400; op++) {
                    String name = "conc/" + r.nextInt(12);
                    SecretRef ref = SecretRef.parse(name);
                    int choice = r.nextInt(10);
                    if (choice < 4) {
                        int n = thread * 1000 + op;
                        lastWritten.merge(name, n, Math::max);
                        c.write("memory", ref, value(name, name + "|" + n, String.valueOf(n)));
                    } else if (choice == 4) {
                        c.delete("memory", ref);
                    } else {
                        Optional<SecretValue> v = c.read("memory", ref);
                        if (v.isPresent() && !v.get().asString().equals(name + "|" + v.get().version())) {
                            problems.add(name + " returned a value of " + v.get().version());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        flush(c);
        assertThat(problems).isEmpty();
        assertThat(entryFiles(dir).size()).isLessThanOrEqualTo(8);
        c.close();
        TinkDiskCache again = open(dir, keyset, 8);
        for (String name : lastWritten.keySet()) {
            again.read("memory", SecretRef.parse(name)).ifPresent(v -> assertThat(v.asString()).isEqualTo(name + "|" + v.version()));
        }
        again.close();
    }
}
