package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CanaryExtension;
import io.github.dynamicsecrets.test.CapturedLogs;
import io.github.dynamicsecrets.test.LogEvent;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Tamper fuzzing over a populated cache: every mutation must be detected, logged, deleted and
 * never served; restoring the original bytes must serve the original value again (the control
 * that shows each mutation hit the file the read looked at).
 */
@ExtendWith(CanaryExtension.class)
class DiskCacheTamperTest {

    private static final Pattern REJECTED = Pattern.compile("Disk cache: entry [0-9a-f]{64}\\.dsc for secret '([^']*)' of"
            + " provider 'memory' (?:failed authentication|not a regular file|larger than any entry): it was tampered with,"
            + " truncated, or written under another keyset\\. It is deleted and never served; the secret is read from its"
            + " store\\.");

    @TempDir
    Path tmp;

    private final String keyset = TestKeys.newKeysetJson();
    private final Random random = new Random(20261204);
    private final Map<String, Integer> counts = new TreeMap<>();
    private TinkDiskCache cache;
    private Path dir;
    /** Entry by name: its file and its original bytes. */
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, byte[]> originals = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private int served;
    /** The names whose entries were mutated, in order; each must be logged once, in this order. */
    private final List<String> mutated = new ArrayList<>();

    private void populate() throws Exception {
        dir = tmp.resolve("cache");
        cache = TinkDiskCacheTest.open(dir, keyset, 1000);
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("db/password", Canary.next());
        secrets.put("tiny", Canary.next().substring(0, 1));
        secrets.put("api/key-64", pad(Canary.next(), 64));
        secrets.put("certs/key-4k", pad(Canary.next(), 4096));
        secrets.put("db/creds", "{\"user\":\"app\",\"password\":\"" + Canary.next() + "\"}");
        secrets.put("empty", "");
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            cache.write("memory", SecretRef.parse(e.getKey()),
                    TinkDiskCacheTest.value(e.getKey(), e.getValue(), "v-" + e.getKey().length()));
        }
        TinkDiskCacheTest.flush(cache);
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            Path f = dir.resolve(cache.fileName("memory", e.getKey()));
            files.put(e.getKey(), f);
            originals.put(e.getKey(), Files.readAllBytes(f));
            values.put(e.getKey(), e.getValue());
        }
    }

    private static String pad(String canary, int length) {
        StringBuilder sb = new StringBuilder(canary);
        while (sb.length() < length) {
            sb.append('x');
        }
        return sb.substring(0, length);
    }

    /** Puts {@code bytes} in place of {@code name}'s file; the read must reject, log and delete it. */
    private void expectRejected(String kind, String name, byte[] bytes) throws Exception {
        Path f = files.get(name);
        Files.write(f, bytes);
        Optional<SecretValue> got = cache.read("memory", SecretRef.parse(name));
        if (got.isPresent()) {
            served++;
        }
        assertThat(got).as("%s of %s must not be served", kind, name).isEmpty();
        assertThat(f).as("%s of %s is deleted", kind, name).doesNotExist();
        mutated.add(name);
        counts.merge(kind, 1, Integer::sum);
    }

    /** The control: the original bytes are served again. */
    private void expectRestored(String name) throws Exception {
        Files.write(files.get(name), originals.get(name));
        assertThat(cache.read("memory", SecretRef.parse(name)).orElseThrow().asString()).isEqualTo(values.get(name));
    }

    @Test
    void everyMutation_isDetectedLoggedDeletedAndNeverServed() throws Exception {
        populate();
        long mark = CapturedLogs.mark();
        // thousands of expected WARN lines would bury the build's output; they are still captured and checked below
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        try {
            mutateAll();
        } finally {
            System.setErr(err);
        }
        List<String> logged = new ArrayList<>();
        for (LogEvent e : CapturedLogs.eventsSince(mark)) {
            Matcher m = REJECTED.matcher(e.message());
            if (e.level() == Level.WARN && m.matches()) {
                logged.add(m.group(1));
            }
        }
        assertThat(logged).as("one WARN per rejected file, naming its secret").isEqualTo(mutated);

        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int bytes = originals.values().stream().mapToInt(b -> b.length).sum();
        System.out.println("Disk cache tamper fuzzing over " + originals.size() + " entries (" + bytes + " bytes): " + total
                + " mutations " + counts + "; detected, logged and deleted " + logged.size() + ", served " + served);
        assertThat(served).isZero();
        assertThat(counts.get("byte flip")).as("every byte position").isEqualTo(bytes);
        cache.close();
    }

    private void mutateAll() throws Exception {
        for (String name : files.keySet()) {
            byte[] original = originals.get(name);
            for (int i = 0; i < original.length; i++) {
                byte[] b = original.clone();
                b[i] ^= (byte) (1 + random.nextInt(255));
                expectRejected("byte flip", name, b);
            }
            for (int bit = random.nextInt(8); bit < 8 * original.length; bit += 1 + random.nextInt(40)) {
                byte[] b = original.clone();
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                expectRejected("single-bit flip", name, b);
            }
            for (int len = 0; len < original.length; len += original.length > 300 ? 1 + random.nextInt(20) : 1) {
                expectRejected("truncation", name, Arrays.copyOf(original, len));
            }
            expectRejected("truncation", name, Arrays.copyOf(original, original.length - 1));
            for (int extra : new int[] {1, 2, 16, 100, 4096}) {
                byte[] b = Arrays.copyOf(original, original.length + extra);
                for (int i = original.length; i < b.length; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
                expectRejected("appended bytes", name, b);
            }
            expectRestored(name);
        }
        List<String> names = List.copyOf(files.keySet());
        for (String a : names) {
            for (String b : names) {
                if (!a.equals(b)) {
                    expectRejected("swapped files", b, originals.get(a));
                    expectRestored(b);
                }
            }
        }
        String foreignKeyset = TestKeys.newKeysetJson();
        TinkDiskCache foreign = TinkDiskCacheTest.open(tmp.resolve("foreign"), foreignKeyset, 1000);
        for (String name : names) {
            foreign.write("memory", SecretRef.parse(name), TinkDiskCacheTest.value(name, values.get(name), "v-" + name.length()));
        }
        TinkDiskCacheTest.flush(foreign);
        for (String name : names) {
            expectRejected("file of another keyset", name,
                    Files.readAllBytes(tmp.resolve("foreign").resolve(foreign.fileName("memory", name))));
            expectRestored(name);
        }
        foreign.close();
        // the same keyset and name, but another provider's entry: bound to the provider by the associated data
        TinkDiskCache same = TinkDiskCacheTest.open(tmp.resolve("same-keyset"), keyset, 1000);
        for (String name : names) {
            same.write("aws", SecretRef.parse(name), TinkDiskCacheTest.value(name, values.get(name), "v"));
        }
        TinkDiskCacheTest.flush(same);
        for (String name : names) {
            expectRejected("another provider's entry", name,
                    Files.readAllBytes(tmp.resolve("same-keyset").resolve(same.fileName("aws", name))));
            expectRestored(name);
        }
        same.close();
        expectRejected("empty file", "db/password", new byte[0]);
        expectRejected("text file", "db/password", "hello".getBytes(StandardCharsets.UTF_8));
        expectRestored("db/password");
    }

    @Test
    void read_ofSymlinkOrDirectoryInPlaceOfAnEntry_isRejected() throws Exception {
        populate();
        Path f = files.get("db/password");
        Files.delete(f);
        Path elsewhere = Files.write(tmp.resolve("elsewhere"), originals.get("db/password"));
        Files.createSymbolicLink(f, elsewhere);
        assertThat(cache.read("memory", SecretRef.parse("db/password"))).isEmpty();
        assertThat(f).doesNotExist();
        assertThat(elsewhere).as("the link is removed, not its target").exists();

        Files.createDirectory(f);
        assertThat(cache.read("memory", SecretRef.parse("db/password"))).isEmpty();
        expectRestored("api/key-64");
        cache.close();
    }
}
