package io.github.dynamicsecrets.provider.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A volume directory updated exactly as the kubelet's AtomicWriter does (pkg/volume/util/atomic_writer.go):
 * new {@code ..<timestamp>.<random>} directory, payload written into it, user-visible links for new
 * top-level names, {@code ..data_tmp} link created and renamed over {@code ..data}, user-visible
 * links of removed names deleted, old timestamped directory removed. Not thread-safe.
 */
final class KubeletVolume {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("..yyyy_MM_dd_HH_mm_ss.");

    private final Path dir;
    private volatile long lastRenameNanos;

    KubeletVolume(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /** {@link System#nanoTime()} just before the last rename of {@code ..data_tmp} over {@code ..data}. */
    long lastRenameNanos() {
        return lastRenameNanos;
    }

    /** One AtomicWriter write of {@code payload} (relative path to UTF-8 content); returns the new snapshot's name. */
    String write(Map<String, String> payload) {
        Map<String, byte[]> bytes = new HashMap<>();
        payload.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return writeBytes(bytes);
    }

    /** One AtomicWriter write of {@code payload} (relative path to content); returns the new snapshot's name. */
    String writeBytes(Map<String, byte[]> payload) {
        try {
            Path data = dir.resolve("..data");
            String oldTs = Files.isSymbolicLink(data) ? Files.readSymbolicLink(data).toString() : null;
            Set<String> oldTop = new HashSet<>();
            if (oldTs != null) {
                try (Stream<Path> s = Files.list(dir.resolve(oldTs))) {
                    s.forEach(p -> oldTop.add(p.getFileName().toString()));
                }
            }
            Path ts = Files.createTempDirectory(dir, ZonedDateTime.now(ZoneOffset.UTC).format(TS));
            Files.setPosixFilePermissions(ts, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Map.Entry<String, byte[]> e : payload.entrySet()) {
                Path file = ts.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Set<String> newTop = new HashSet<>();
            for (String p : payload.keySet()) {
                String top = p.split("/")[0];
                newTop.add(top);
                Path visible = dir.resolve(top);
                if (!Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(visible, Path.of("..data", top));
                }
            }
            Path tmp = dir.resolve("..data_tmp");
            Files.createSymbolicLink(tmp, ts.getFileName());
            lastRenameNanos = System.nanoTime();
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
            for (String top : oldTop) {
                if (!newTop.contains(top)) {
                    Files.deleteIfExists(dir.resolve(top));
                }
            }
            if (oldTs != null) {
                deleteTree(dir.resolve(oldTs));
            }
            return ts.getFileName().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
