package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.spi.ChangeSink;
import io.github.dynamicsecrets.spi.WritableSecretProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Secrets from files: Kubernetes secret and projected volumes, CSI driver mounts, Docker and
 * Compose {@code /run/secrets}, and plain directories. Created by {@link FileSecretProviderFactory}
 * (provider name {@code file}).
 *
 * <p><b>Mapping.</b> The secret {@code db/password} is the file {@code <root>/db/password} in the
 * first root of {@code secrets.provider.file.roots} that has it. A Kubernetes Secret named
 * {@code db} mounted at {@code <root>/db} therefore gives one secret per key:
 * {@code db/password}, {@code db/username}. Names with a segment starting with {@code ..} cannot
 * be represented (the volume layout reserves them) and are refused.
 *
 * <p><b>Volumes.</b> A directory holding a {@code ..data} link is read the way the kubelet's
 * AtomicWriter laid it out: through the snapshot directory that {@code ..data} names, resolved
 * once per read, so a read sees one whole snapshot even while the kubelet swaps {@code ..data}.
 *
 * <p><b>Versions.</b> In a volume, the name of the {@code ..data} snapshot in which the key's
 * current bytes first appeared (found with one {@code readlink} while the snapshot is unchanged);
 * elsewhere a keyed content digest (HMAC-SHA-256, 32 hex characters). Versions are comparable
 * within one provider instance only.
 *
 * <p><b>Watching.</b> {@link #watch} reports each key whose content changed, once per change, within
 * milliseconds of the swap or rename, through inotify where available and a poll at
 * {@code secrets.rotation.poll} everywhere; see the module's README.
 *
 * <p><b>Refusals.</b> Files are read only if their real path stays inside their root, they are
 * regular files (never FIFOs, devices, sockets or directories, which are refused before being
 * opened, so nothing blocks), readable, and no larger than {@code secrets.provider.file.max-size}.
 * A refusal is a {@link io.github.dynamicsecrets.SecretAccessDeniedException} naming the file and
 * the reason; messages never contain a file's content.
 *
 * <p><b>Thread safety.</b> All methods may be called from any number of threads at once, also
 * while files are being swapped; the provider keeps no values, only digests and versions.
 */
public final class FileSecretProvider implements WritableSecretProvider {

    static final String NAME = "file";
    private static final String ABSENT = "absent";

    private final FileSettings settings;
    private final SecretFiles files;
    private final LocalWrites writes;
    private final ContentDigest digest = new ContentDigest();
    private final VolumeVersions volumeVersions = new VolumeVersions();
    private final ChangeWatcher watcher;

    FileSecretProvider(FileSettings settings) {
        this.settings = settings;
        this.files = new SecretFiles(settings.roots, settings.maxSize);
        this.writes = new LocalWrites(settings.roots, settings.writeRoot);
        this.watcher = new ChangeWatcher(new WatchTargets(settings.roots), this::stateOf, settings.poll, settings.watch);
    }

    /**
     * Reads a secret's file. A pinned version ({@code db/password@<version>}) is found only while
     * it is the current one; files keep no history.
     *
     * @param ref the path and optional version
     * @return the value, or empty if no root has the file
     * @throws InvalidSecretNameException if a segment starts with {@code ..}
     * @throws io.github.dynamicsecrets.SecretAccessDeniedException if the file is refused
     * @throws io.github.dynamicsecrets.ProviderUnavailableException if reading failed
     */
    @Override
    public Optional<SecretValue> fetch(SecretRef ref) {
        return lookup(ref, false);
    }

    /**
     * The current version: in a volume whose {@code ..data} has not moved since the key was last
     * read, one {@code readlink} and no file read; otherwise the file is read and digested.
     *
     * @param ref the path and optional version
     * @return the version, or empty if no root has the file
     */
    @Override
    public Optional<String> version(SecretRef ref) {
        return lookup(ref, true).map(SecretValue::version);
    }

    private Optional<SecretValue> lookup(SecretRef ref, boolean versionOnly) {
        String path = ref.path();
        String name = ref.toString();
        Layout.segments(path);
        SecretFiles.Found found;
        try {
            found = files.read(name, path, versionOnly ? volumeVersions : null);
        } catch (SecretsException e) {
            watcher.observe(path, refusedState(e));
            throw e;
        }
        if (found == null) {
            watcher.observe(path, ABSENT);
            return Optional.empty();
        }
        byte[] bytes = found.bytes;
        try {
            String version = found.knownVersion;
            if (version == null) {
                String d = digest.of(bytes);
                watcher.observe(path, contentState(d));
                version = found.location.inVolume() ? volumeVersions.observe(path, found.location, d) : d;
            }
            if (ref.version() != null && !ref.version().equals(version)) {
                return Optional.empty();
            }
            // a version check needs no bytes; an empty value stands in where none was read
            return Optional.of(SecretValue.builder(name).value(bytes == null ? new byte[0] : bytes).version(version)
                    .provider(NAME).build());
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /** What a fresh look at {@code path} shows, for the watcher; never the content itself. */
    private String stateOf(String path) {
        try {
            SecretFiles.Found found = files.read(path, path, null);
            if (found == null) {
                return ABSENT;
            }
            try {
                return contentState(digest.of(found.bytes));
            } finally {
                Arrays.fill(found.bytes, (byte) 0);
            }
        } catch (SecretsException e) {
            return refusedState(e);
        }
    }

    private static String contentState(String digest) {
        return "content " + digest;
    }

    private static String refusedState(SecretsException e) {
        return "refused " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Starts reporting changes: for each key read so far and from now on, {@code sink} is told
     * once each time its content changes, it appears, disappears or starts or stops being refused.
     * Uses two daemon threads, stopped by {@link #close()}.
     *
     * @param sink where to report changed paths
     * @return always {@code true}: changes are pushed (by watching, or by polling at
     *     {@code secrets.rotation.poll} where watching is impossible)
     * @throws IllegalStateException if already watching or closed
     */
    @Override
    public boolean watch(ChangeSink sink) {
        watcher.start(Objects.requireNonNull(sink, "sink"));
        return true;
    }

    /**
     * Writes a secret into the write root atomically (temporary file, fsync, rename), as a file
     * with permissions 0600. A file of the same name in an earlier root still shadows it.
     *
     * @param ref the path
     * @param value the bytes; not kept
     * @return the written value, versioned as a plain file
     * @throws io.github.dynamicsecrets.SecretAccessDeniedException if the target lies in a
     *     Kubernetes-managed volume, outside the write root, or is a directory
     */
    @Override
    public SecretValue put(SecretRef ref, byte[] value) {
        String path = ref.path();
        writes.put(path, path, value);
        return SecretValue.builder(path).value(value).version(digest.of(value)).provider(NAME).build();
    }

    /**
     * Deletes a secret's file from the write root.
     *
     * @param ref the path
     * @return {@code true} if the file existed there
     */
    @Override
    public boolean delete(SecretRef ref) {
        return writes.delete(ref.path(), ref.path());
    }

    /**
     * Lists the keys in every root (volumes from their current snapshot).
     *
     * @param prefix a path prefix such as {@code db/}, or empty for all
     * @return canonical paths, sorted, without duplicates
     */
    @Override
    public List<String> list(String prefix) {
        return KeyListing.list(files.roots(), prefix == null ? "" : prefix);
    }

    /** Stops watching; idempotent. Reads keep working after close. */
    @Override
    public void close() {
        watcher.close();
    }

    /** Shows the roots and the size limit. */
    @Override
    public String toString() {
        return "FileSecretProvider[roots=" + settings.roots + ", maxSize=" + settings.maxSize + "]";
    }
}
