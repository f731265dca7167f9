package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link DiskCacheCrashTest}: writes to a disk cache in an endless loop
 * until it is killed. Every value is {@link #expected} of its name and version, so a reader can
 * tell a value that was written from a corrupt one.
 */
public final class DiskCacheWriterMain {

    static final int NAMES = 8;

    private DiskCacheWriterMain() {}

    /** The one value written for {@code name} at version {@code n}: 64 B to 8 KiB. */
    static String expected(String name, long n) {
        StringBuilder sb = new StringBuilder(name).append('#').append(n).append('#');
        int length = 64 + (int) ((n * 7919) % 8128);
        while (sb.length() < length) {
            sb.append((char) ('a' + (sb.length() + n) % 26));
        }
        return sb.toString();
    }

    static String name(int i) {
        return "crash/secret-" + i;
    }

    /**
     * Writes forever.
     *
     * @param args the cache directory and the keyset file
     * @throws Exception if the cache cannot be opened
     */
    public static void main(String[] args) throws Exception {
        String keyset = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        DiskCache cache = DiskCaches.open(Path.of(args[0]), Keysets.aead(TestKeys.handle(keyset)), 1000);
        if (!(cache instanceof TinkDiskCache)) {
            System.out.println("cache disabled");
            System.exit(3);
        }
        TinkDiskCache c = (TinkDiskCache) cache;
        long n = System.currentTimeMillis() * 1000; // versions grow across runs
        boolean announced = false;
        while (true) {
            for (int i = 0; i < NAMES; i++) {
                n++;
                String name = name(i);
                c.write("memory", SecretRef.parse(name), SecretValue.builder(name).value(expected(name, n))
                        .version(Long.toString(n)).provider("memory").fetchedAt(Instant.now()).build());
            }
            if (!announced) {
                c.awaitWrites(Duration.ofSeconds(60));
                System.out.println("writing");
                System.out.flush();
                announced = true;
            }
        }
    }
}
