package io.github.dynamicsecrets.provider.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching at the provider level: what the {@link io.github.dynamicsecrets.spi.ChangeSink} is told.
 * The safety-net poll is set to an hour unless a test is about polling, so every report here
 * comes from inotify.
 */
class WatchTest {

    private static final Map<String, String> NO_POLL = Map.of("secrets.rotation.poll", "PT1H");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void createRoot() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
    }

    private static void track(FileSecretProvider p, String... names) {
        for (String name : names) {
            try {
                p.fetch(SecretRef.parse(name));
            } catch (RuntimeException e) {
                // refused keys are tracked too
            }
        }
    }

    private static void replaceByRename(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void kubeletSwap_reportsEachChangedKeyOnce_andUnchangedKeysNever() {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        db.write(Map.of("password", "one", "username", "app"));
        CountingSink sink = new CountingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            track(p, "db/password", "db/username", "db/added");
            p.watch(sink);

            db.write(Map.of("password", "two", "username", "app", "added", "new key"));
            await().atMost(WAIT).until(() -> sink.count("db/password") == 1 && sink.count("db/added") == 1);

            // a later swap that changes only username: once it is reported, everything before it was processed
            db.write(Map.of("password", "two", "username", "other", "added", "new key"));
            await().atMost(WAIT).until(() -> sink.count("db/username") == 1);
            assertThat(sink.count("db/password")).isEqualTo(1);
            assertThat(sink.count("db/added")).isEqualTo(1);
            assertThat(p.fetch(SecretRef.parse("db/password")).orElseThrow().asString()).isEqualTo("two");
        }
    }

    @Test
    void keyRemovedBySwap_isReported() {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        db.write(Map.of("password", "one", "old", "x"));
        CountingSink sink = new CountingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            track(p, "db/password", "db/old");
            p.watch(sink);
            db.write(Map.of("password", "one"));
            await().atMost(WAIT).until(() -> sink.count("db/old") == 1);
            assertThat(sink.count("db/password")).isZero();
        }
    }

    @Test
    void plainFileReplacedByRename_isReported() throws IOException {
        Files.writeString(root.resolve("token"), "one");
        CountingSink sink = new CountingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            track(p, "token");
            p.watch(sink);
            replaceByRename(root.resolve("token"), "two");
            await().atMost(WAIT).until(() -> sink.count("token") == 1);
        }
    }

    @Test
    void plainFileRewrittenInPlace_isReported() throws IOException {
        Files.createDirectories(root.resolve("api"));
        Files.writeString(root.resolve("api/key"), "one");
        CountingSink sink = new CountingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            track(p, "api/key");
            p.watch(sink);
            Files.writeString(root.resolve("api/key"), "two");
            // an in-place rewrite is not atomic: a look between truncate and write may add a report
            await().atMost(WAIT).until(() -> sink.count("api/key") >= 1);
            assertThat(p.fetch(SecretRef.parse("api/key")).orElseThrow().asString()).isEqualTo("two");
        }
    }

    @Test
    void fileDeleted_andFileCreatedInANewDirectory_areReported() throws IOException {
        Files.writeString(root.resolve("gone"), "x");
        CountingSink sink = new CountingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            track(p, "gone", "later/deep/key");
            p.watch(sink);
            Files.delete(root.resolve("gone"));
            Files.createDirectories(root.resolve("later/deep"));
            Files.writeString(root.resolve("later/deep/key"), "appeared");
            await().atMost(WAIT).until(() -> sink.count("gone") == 1 && sink.count("later/deep/key") == 1);
        }
    }

    @Test
    void fileBecomingRefused_isReported() throws IOException {
        Files.writeString(root.resolve("token"), "one");
        CountingSink sink = new CountingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            track(p, "token");
            p.watch(sink);
            Files.delete(root.resolve("token"));
            Files.createDirectory(root.resolve("token"));
            await().atMost(WAIT).until(() -> sink.count("token") >= 1);
        }
    }

    /**
     * A hard link's content changed through its other name raises no event in the watched
     * directory (as with a single-file bind mount). Only a full rescan finds it; here the rescan
     * comes from an event overflow, made by holding the checker in the sink while 600 entries
     * are created.
     */
    @Test
    void overflow_rescansEveryTrackedKey() throws Exception {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("a/key"), "0");
        Files.writeString(outside.resolve("bb"), "one");
        Files.createLink(root.resolve("b/key"), outside.resolve("bb"));
        BlockingSink sink = new BlockingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            track(p, "a/key", "b/key");
            p.watch(sink);

            // reports are made in order on one thread: once a/key's is in, the start-up look is over
            replaceByRename(root.resolve("a/key"), "1");
            await().atMost(WAIT).until(() -> sink.count("a/key") == 1);
            Files.writeString(outside.resolve("bb"), "two");
            replaceByRename(root.resolve("a/key"), "2");
            await().atMost(WAIT).until(() -> sink.count("a/key") == 2);
            assertThat(sink.count("b/key")).as("no event reached b/key, and ordinary events rescan only their keys").isZero();

            sink.holdNext();
            replaceByRename(root.resolve("a/key"), "3");
            assertThat(sink.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 600; i++) {
                Files.createFile(root.resolve("a/junk-" + i));
            }
            sink.release();
            await().atMost(WAIT).until(() -> sink.count("b/key") == 1);
        }
    }

    @Test
    void rootMountedAfterStart_isFoundByPolling() throws IOException {
        Path later = tmp.resolve("mounted-later");
        CountingSink sink = new CountingSink();
        try (FileSecretProvider p = Providers.with(Map.of("secrets.rotation.poll", "200ms"), later)) {
            track(p, "db/password");
            p.watch(sink);
            Files.createDirectories(later.resolve("db"));
            Files.writeString(later.resolve("db/password"), "mounted");
            await().atMost(WAIT).until(() -> sink.count("db/password") == 1);

            // once the root exists it is watched: with the poll this slow, only inotify can report this
        }
        CountingSink second = new CountingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, later)) {
            track(p, "db/password");
            p.watch(second);
            replaceByRename(later.resolve("db/password"), "rotated");
            await().atMost(WAIT).until(() -> second.count("db/password") == 1);
        }
    }

    @Test
    void watchingDisabled_pollsAtRotationPoll() throws IOException {
        Files.writeString(root.resolve("token"), "one");
        CountingSink sink = new CountingSink();
        try (FileSecretProvider p = Providers.with(Map.of("secrets.rotation.poll", "100ms",
                "secrets.provider.file.watch", "false"), root)) {
            track(p, "token");
            assertThat(p.watch(sink)).isTrue();
            replaceByRename(root.resolve("token"), "two");
            await().atMost(WAIT).until(() -> sink.count("token") == 1);
        }
    }

    @Test
    void sinkThatThrows_doesNotStopWatching() throws IOException {
        Files.writeString(root.resolve("a"), "1");
        Files.writeString(root.resolve("b"), "1");
        CountingSink counted = new CountingSink();
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            track(p, "a", "b");
            p.watch(path -> {
                counted.changed(path);
                throw new IllegalStateException("listener bug");
            });
            replaceByRename(root.resolve("a"), "2");
            await().atMost(WAIT).until(() -> counted.count("a") == 1);
            replaceByRename(root.resolve("b"), "2");
            await().atMost(WAIT).until(() -> counted.count("b") == 1);
        }
    }

    @Test
    void watch_calledTwice_isRefused() {
        try (FileSecretProvider p = Providers.with(NO_POLL, root)) {
            p.watch(new CountingSink());
            assertThatThrownBy(() -> p.watch(new CountingSink())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already watching");
        }
    }

    @Test
    void close_stopsTheWatcherThreads() {
        FileSecretProvider p = Providers.with(NO_POLL, root);
        p.watch(new CountingSink());
        assertThat(watcherThreads()).isPositive();
        p.close();
        p.close();
        await().atMost(WAIT).until(() -> watcherThreads() == 0);
    }

    private static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dynamic-secrets-file-") && t.isAlive()).count();
    }

    /** A sink that can hold the checker thread inside one report. */
    private static final class BlockingSink extends CountingSinkBase {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate = new CountDownLatch(1);
        private volatile boolean hold;

        void holdNext() {
            hold = true;
        }

        void release() {
            gate.countDown();
        }

        @Override
        public void changed(String path) {
            super.changed(path);
            if (hold) {
                hold = false;
                entered.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static class CountingSinkBase implements io.github.dynamicsecrets.spi.ChangeSink {
        private final CountingSink counts = new CountingSink();

        @Override
        public void changed(String path) {
            counts.changed(path);
        }

        int count(String path) {
            return counts.count(path);
        }
    }
}
