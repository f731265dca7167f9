package io.github.dynamicsecrets.core;

import com.google.crypto.tink.Aead;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.spi.WritableSecretProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code local} provider: all of a developer's secrets in one Tink-encrypted file (see
 * {@link LocalStoreDocument}), which can be committed while the keyset stays out of the
 * repository. Every name of the grammar is representable; pinned versions are the last
 * {@code max-versions} of each secret.
 *
 * <p>Reads read the file and decrypt it only when its bytes changed, so edits by another process
 * are seen at once. Writes are read-modify-write under two locks: one per file inside this JVM and
 * an OS file lock on {@code <file>.lock} across processes, so concurrent writers never lose each
 * other's updates; the file is replaced atomically (temporary file, fsync, rename), so readers
 * need no lock. Does not watch: the engine's version polling sees changes. Thread-safe.
 */
final class LocalSecretProvider implements WritableSecretProvider {

    static final String NAME = "local";
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final ConcurrentHashMap<Path, ReentrantLock> WRITE_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Aead aead;
    private final int maxVersions;
    private final Clock clock;
    private final String fileKey;
    private final String keysetKey;
    private volatile Snapshot snapshot = new Snapshot(new byte[0], LocalStoreDocument.EMPTY);

    /** A document and the exact file bytes it came from. */
    private static final class Snapshot {
        final byte[] raw;
        final LocalStoreDocument doc;

        Snapshot(byte[] raw, LocalStoreDocument doc) {
            this.raw = raw;
            this.doc = doc;
        }
    }

    /**
     * @param prefix the configuration prefix, for messages: {@code secrets.provider.local.}
     */
    LocalSecretProvider(Path file, Aead aead, int maxVersions, Clock clock, String prefix) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.aead = aead;
        this.maxVersions = maxVersions;
        this.clock = clock;
        this.fileKey = prefix + "file";
        this.keysetKey = prefix + "keyset";
    }

    /** Reads the file now; fails at start-up rather than on the first read if it is unusable. */
    LocalSecretProvider verify() {
        current();
        return this;
    }

    @Override
    public Optional<SecretValue> fetch(SecretRef ref) {
        return current().find(ref.path(), ref.version()).map(v -> {
            byte[] bytes = v.value();
            try {
                return SecretValue.builder(ref.toString()).value(bytes).version(v.id).provider(NAME)
                        .fetchedAt(clock.instant()).build();
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
    }

    @Override
    public Optional<String> version(SecretRef ref) {
        return current().find(ref.path(), ref.version()).map(v -> v.id);
    }

    @Override
    public SecretValue put(SecretRef ref, byte[] value) {
        byte[] copy = value.clone();
        try {
            LocalStoreDocument after = update(doc -> doc.put(ref.path(), copy, clock.instant(), maxVersions));
            return SecretValue.builder(ref.toString()).value(copy).version(after.lastAssigned()).provider(NAME)
                    .fetchedAt(clock.instant()).build();
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    @Override
    public boolean delete(SecretRef ref) {
        boolean[] existed = new boolean[1];
        update(doc -> {
            existed[0] = doc.contains(ref.path());
            return existed[0] ? doc.delete(ref.path()) : doc;
        });
        return existed[0];
    }

    @Override
    public List<String> list(String prefix) {
        return current().paths(prefix);
    }

    private interface Change {
        LocalStoreDocument apply(LocalStoreDocument doc);
    }

    private LocalStoreDocument update(Change change) {
        ReentrantLock jvmLock = WRITE_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lockChannel.lock()) {
                if (!held.isValid()) {
                    throw new IOException("the lock on " + lockFile + " was lost");
                }
                LocalStoreDocument before = current();
                LocalStoreDocument after = change.apply(before);
                if (after != before) {
                    byte[] bytes = after.encrypt(aead);
                    PrivateFiles.write(file, bytes);
                    snapshot = new Snapshot(bytes, after);
                }
                return after;
            }
        } catch (IOException e) {
            throw new SecretsException("Writing the local secrets file " + file + " failed: " + e.getClass().getSimpleName(), e);
        } catch (GeneralSecurityException e) {
            throw new SecretsException("Encrypting the local secrets file " + file + " failed: " + e.getClass().getSimpleName());
        } finally {
            jvmLock.unlock();
        }
    }

    /** The document as the file holds it now; a missing file is an empty store. */
    private LocalStoreDocument current() {
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return LocalStoreDocument.EMPTY;
        } catch (IOException e) {
            throw new SecretsException("Reading the local secrets file " + file + " failed: " + e.getClass().getSimpleName(), e);
        }
        Snapshot s = snapshot;
        if (Arrays.equals(raw, s.raw)) {
            return s.doc;
        }
        if (raw.length > MAX_FILE_BYTES) {
            throw new SecretsConfigurationException(keysetKey, "The local secrets file " + file + " is larger than "
                    + MAX_FILE_BYTES + " bytes; it is not a file this provider wrote");
        }
        try {
            LocalStoreDocument doc = LocalStoreDocument.decrypt(raw, aead);
            snapshot = new Snapshot(raw, doc);
            return doc;
        } catch (GeneralSecurityException e) {
            throw new SecretsConfigurationException(keysetKey, "The local secrets file " + file + " cannot be decrypted"
                    + " with the keyset of " + keysetKey + ": it was encrypted under another keyset, or it was altered");
        } catch (IllegalArgumentException e) {
            throw new SecretsConfigurationException(fileKey, "The local secrets file " + file
                    + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LocalSecretProvider[file=" + file + "]";
    }
}
