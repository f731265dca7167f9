package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tink-encrypted disk cache: one file per secret and provider in a private directory, in the
 * format of {@link DiskEntryCodec}.
 *
 * <p>Threading: {@link #write} and {@link #delete} only record the newest wish for a file and
 * return; one daemon thread ({@code dynamic-secrets-disk-writer}, started on demand) encrypts,
 * writes, fsyncs and renames. Several wishes for one file before the thread gets to it collapse
 * into the newest. {@link #read} looks at those pending wishes first, so a read never sees a value
 * older than the last write; otherwise it reads and decrypts on the caller's thread. Every
 * method is thread-safe and none throws: a failure is logged and the cache acts as empty.
 *
 * <p>An entry that fails authentication (tampered, truncated, renamed, written under another
 * keyset) is logged without value or ciphertext, deleted, and reported as absent, so the engine
 * reads the secret from its store. At most {@code maxEntries} files are kept; beyond that the
 * least recently written is deleted. The count is tracked per process: processes sharing a
 * directory each enforce it on what they see.
 */
final class TinkDiskCache implements DiskCache {

    private static final Logger log = LoggerFactory.getLogger(TinkDiskCache.class);
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** Temporary files older than this are leftovers of a crash; younger ones may be another process's. */
    static final Duration STALE_TEMP_AGE = Duration.ofMinutes(1);

    private final Path dir;
    private final DiskEntryCodec codec;
    private final long maxEntries;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    /** Entry files in the order they were written, oldest first; guarded by itself. */
    private final LinkedHashMap<String, Boolean> written = new LinkedHashMap<>();
    private final ThreadPoolExecutor writer;
    private volatile boolean closed;
    private volatile boolean writeFailing;

    /** A write (value set) or delete (value null) waiting for the writer thread. */
    private static final class Pending {
        final String provider;
        final SecretRef ref;
        final SecretValue value;

        Pending(String provider, SecretRef ref, SecretValue value) {
            this.provider = provider;
            this.ref = ref;
            this.value = value;
        }
    }

    TinkDiskCache(Path dir, DiskEntryCodec codec, long maxEntries) {
        this.dir = dir;
        this.codec = codec;
        this.maxEntries = maxEntries;
        this.writer = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, EngineThreads.PREFIX + "disk-writer");
            t.setDaemon(true);
            return t;
        });
        writer.allowCoreThreadTimeOut(true);
        scan();
    }

    /** Indexes existing entries, oldest first, removes crash leftovers and enforces the bound. */
    private void scan() {
        List<Map.Entry<String, Long>> found = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                long modified = a.lastModifiedTime().toMillis();
                if (name.startsWith(PrivateFiles.TEMP_PREFIX)) {
                    if (now - modified > STALE_TEMP_AGE.toMillis()) {
                        Files.deleteIfExists(p);
                    }
                } else if (DiskEntryCodec.isEntryFileName(name)) {
                    found.add(Map.entry(name, modified));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Disk cache: listing {} failed ({}); entries written before are still read, but not counted"
                    + " towards secrets.cache.disk.max-entries", dir, e.getClass().getSimpleName());
        }
        found.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        synchronized (written) {
            found.forEach(e -> written.put(e.getKey(), Boolean.TRUE));
            evictBeyondBound();
        }
    }

    @Override
    public Optional<SecretValue> read(String provider, SecretRef ref) {
        if (closed) {
            return Optional.empty();
        }
        String file;
        try {
            file = codec.fileName(provider, ref.toString());
            Pending p = pending.get(file);
            if (p != null && p.provider.equals(provider) && p.ref.equals(ref)) {
                return Optional.ofNullable(p.value);
            }
        } catch (RuntimeException e) {
            log.warn("Disk cache: reading secret '{}' of provider '{}' failed ({})", ref, provider, e.getClass().getSimpleName());
            return Optional.empty();
        }
        Path path = dir.resolve(file);
        byte[] bytes;
        Object identity;
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            identity = a.fileKey();
            if (!a.isRegularFile() || a.size() > MAX_FILE_BYTES) {
                discard(path, identity, provider, ref, a.isRegularFile() ? "larger than any entry" : "not a regular file");
                return Optional.empty();
            }
            bytes = readBounded(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("Disk cache: reading {} for secret '{}' of provider '{}' failed ({})", path, ref, provider,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (bytes == null) {
            discard(path, identity, provider, ref, "larger than any entry");
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(provider, ref, bytes));
        } catch (GeneralSecurityException | RuntimeException e) {
            discard(path, identity, provider, ref, "failed authentication");
            return Optional.empty();
        }
    }

    /** The file's bytes, or {@code null} if it grew beyond the bound. Links are not followed. */
    private static byte[] readBounded(Path path) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                InputStream in = Channels.newInputStream(ch)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            return bytes.length > MAX_FILE_BYTES ? null : bytes;
        }
    }

    private void discard(Path path, Object identity, String provider, SecretRef ref, String reason) {
        log.warn("Disk cache: entry {} for secret '{}' of provider '{}' {}: it was tampered with, truncated, or written"
                + " under another keyset. It is deleted and never served; the secret is read from its store.",
                path.getFileName(), ref, provider, reason);
        try {
            // delete only the file judged: the writer thread may have renamed a good one into place since
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (identity == null || Objects.equals(identity, now.fileKey())) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException | RuntimeException e) {
            log.warn("Disk cache: deleting rejected entry {} failed ({})", path.getFileName(), e.getClass().getSimpleName());
        }
        synchronized (written) {
            written.remove(path.getFileName().toString());
        }
    }

    @Override
    public void write(String provider, SecretRef ref, SecretValue value) {
        enqueue(provider, ref, Objects.requireNonNull(value, "value"));
    }

    @Override
    public void delete(String provider, SecretRef ref) {
        enqueue(provider, ref, null);
    }

    private void enqueue(String provider, SecretRef ref, SecretValue value) {
        if (closed) {
            return;
        }
        try {
            String file = codec.fileName(provider, ref.toString());
            if (pending.put(file, new Pending(provider, ref, value)) == null) {
                writer.execute(() -> flush(file));
            }
        } catch (RejectedExecutionException e) {
            // closing: the write is dropped, as any write racing close() may be
        } catch (RuntimeException e) {
            log.warn("Disk cache: queuing secret '{}' of provider '{}' failed ({})", ref, provider, e.getClass().getSimpleName());
        }
    }

    /** Writes the newest wish for {@code file} until no newer one arrived meanwhile. */
    private void flush(String file) {
        Pending p = pending.get(file);
        while (p != null) {
            apply(file, p);
            if (pending.remove(file, p)) {
                return;
            }
            p = pending.get(file);
        }
    }

    private void apply(String file, Pending p) {
        Path path = dir.resolve(file);
        try {
            if (p.value == null) {
                Files.deleteIfExists(path);
                synchronized (written) {
                    written.remove(file);
                }
            } else {
                PrivateFiles.write(path, codec.encode(p.provider, p.ref, p.value));
                synchronized (written) {
                    written.remove(file);
                    written.put(file, Boolean.TRUE);
                    evictBeyondBound();
                }
            }
            if (writeFailing) {
                writeFailing = false;
                log.info("Disk cache: writing to {} works again", dir);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (!writeFailing) {
                writeFailing = true;
                log.warn("Disk cache: {} secret '{}' of provider '{}' in {} failed ({}); it stays cached in memory."
                        + " Further failures are logged at DEBUG until a write succeeds.",
                        p.value == null ? "deleting" : "writing", p.ref, p.provider, dir, e.getClass().getSimpleName());
            } else {
                log.debug("Disk cache: writing secret '{}' failed ({})", p.ref, e.getClass().getSimpleName());
            }
        }
    }

    /** Caller holds {@code written}. */
    private void evictBeyondBound() {
        Iterator<String> it = written.keySet().iterator();
        while (written.size() > maxEntries && it.hasNext()) {
            String eldest = it.next();
            it.remove();
            try {
                Files.deleteIfExists(dir.resolve(eldest));
            } catch (IOException e) {
                log.debug("Disk cache: evicting {} failed ({})", eldest, e.getClass().getSimpleName());
            }
        }
    }

    /** The entry file name of a secret, for tests. */
    String fileName(String provider, String name) {
        return codec.fileName(provider, name);
    }

    /** Entry files this process counts, for tests. */
    int entryCount() {
        synchronized (written) {
            return written.size();
        }
    }

    /** Waits until every write and delete queued so far is on disk, for tests and close. */
    boolean awaitWrites(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() || writer.getActiveCount() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Flushes queued writes (waiting up to 5 s), then stops the writer thread. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Disk cache: {} writes to {} did not finish within 5 s of close and are dropped", pending.size(), dir);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        pending.clear();
    }

    @Override
    public String toString() {
        return "TinkDiskCache[dir=" + dir + ", maxEntries=" + maxEntries + "]";
    }
}
