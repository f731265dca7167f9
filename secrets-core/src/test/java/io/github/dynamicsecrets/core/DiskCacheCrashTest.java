package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.test.CapturedLogs;
import io.github.dynamicsecrets.test.LogEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Crash safety: a child JVM writing to the cache is killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) at random moments, again and again. After every
 * kill each entry must decrypt to a value that was written, or be absent; none may be corrupt,
 * and a corrupt one would be rejected rather than served.
 *
 * <p>A SIGKILL leaves the kernel's page cache intact, so this proves the write protocol (temporary
 * file, rename) leaves no torn file behind a dead process; it does not simulate a power cut.
 */
class DiskCacheCrashTest {

    private static final int KILLS = 20;

    @TempDir
    Path tmp;

    @Test
    void killingAWriterMidWrite_neverLeavesAServableCorruptValue() throws Exception {
        Path dir = tmp.resolve("cache");
        Path keysetFile = tmp.resolve("keyset.json");
        String keyset = TestKeys.newKeysetJson();
        TestKeys.writeKeysetFile(keysetFile, keyset);
        Random random = new Random();
        int intact = 0;
        int absent = 0;
        Set<Path> leftoverTemps = new HashSet<>();
        int killedBeforeFirstWrite = 0;
        long mark = CapturedLogs.mark();
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start(dir, keysetFile);
            try {
                if (kill % 4 == 3) {
                    // now and then at any moment, start-up and name-key creation included
                    Thread.sleep(random.nextInt(800));
                    killedBeforeFirstWrite++;
                } else {
                    awaitWriting(child);
                    Thread.sleep(random.nextInt(250));
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            if (!Files.exists(dir.resolve(DiskEntryCodec.NAME_KEY_FILE))) {
                continue; // killed before the cache existed
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().startsWith(PrivateFiles.TEMP_PREFIX)).forEach(leftoverTemps::add);
            }
            TinkDiskCache reader = TinkDiskCacheTest.open(dir, keyset, 1000);
            for (int i = 0; i < DiskCacheWriterMain.NAMES; i++) {
                String name = DiskCacheWriterMain.name(i);
                Optional<SecretValue> v = reader.read("memory", SecretRef.parse(name));
                if (v.isPresent()) {
                    assertThat(v.get().asString()).as("entry %s after kill %d", name, kill)
                            .isEqualTo(DiskCacheWriterMain.expected(name, Long.parseLong(v.get().version())));
                    intact++;
                } else {
                    absent++;
                }
            }
            reader.close();
        }
        List<String> rejected = new ArrayList<>();
        for (LogEvent e : CapturedLogs.eventsSince(mark)) {
            if (e.level() == Level.WARN && e.message().contains("It is deleted and never served")) {
                rejected.add(e.message());
            }
        }
        System.out.println("Disk cache crash test: " + KILLS + " SIGKILLs (" + killedBeforeFirstWrite + " at a random moment"
                + " from launch); reads afterwards: " + intact + " intact values, " + absent + " absent, " + rejected.size()
                + " corrupt (rejected), 0 corrupt served; kills that left a temporary file (killed mid-write): "
                + leftoverTemps.size());
        assertThat(rejected).as("atomic renames leave no torn entry").isEmpty();
        assertThat(intact).as("the kills did hit a cache that was being written").isGreaterThan(0);

        // leftovers are ignored by reads (above) and removed once old enough not to be a live writer's
        for (Path temp : leftoverTemps) {
            Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        }
        TinkDiskCacheTest.open(dir, keyset, 1000).close();
        assertThat(leftoverTemps).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    private static Process start(Path dir, Path keysetFile) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Dslf4j.provider=io.github.dynamicsecrets.test.CapturingSlf4jProvider",
                "-Dsecrets.test.log.print-level=OFF",
                "-cp", System.getProperty("java.class.path"), DiskCacheWriterMain.class.getName(),
                dir.toString(), keysetFile.toString());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitWriting(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return "read failed: " + e;
            }
        }).get(120, TimeUnit.SECONDS);
        assertThat(line).as("the child reports that it writes").isEqualTo("writing");
    }
}
