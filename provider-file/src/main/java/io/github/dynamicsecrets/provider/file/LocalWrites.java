package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes for local development: {@code put} writes a temporary file named {@code ..tmp-<random>}
 * (a name no key can have, so it is never read or listed), forces it to disk, and renames it over
 * the target, so a reader sees the old bytes or the new ones, never a mix; files are created 0600
 * and directories 0700. Writes go to one directory, the write root. Never into a Kubernetes-style
 * volume, which belongs to the kubelet. Thread-safe: concurrent puts of one key each rename a
 * complete file, and the last rename wins.
 */
final class LocalWrites {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Path> roots;
    private final Optional<Path> configuredWriteRoot;

    LocalWrites(List<Path> roots, Optional<Path> configuredWriteRoot) {
        this.roots = List.copyOf(roots);
        this.configuredWriteRoot = configuredWriteRoot;
    }

    /**
     * {@code secrets.provider.file.write-root} if set; else the first root that is an existing,
     * writable directory; else the last root, created on the first write.
     */
    Path writeRoot() {
        return configuredWriteRoot.orElseGet(() -> roots.stream()
                .filter(r -> Files.isDirectory(r) && Files.isWritable(r))
                .findFirst()
                .orElse(roots.get(roots.size() - 1)));
    }

    void put(String name, String path, byte[] value) {
        String[] segments = Layout.segments(path);
        Path target = targetFor(name, segments, true);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw Reading.refused(name, target, "is a directory; cannot write a secret over it", null);
        }
        Path dir = target.getParent();
        Path tmp = dir.resolve("..tmp-" + HexFormat.of().formatHex(randomBytes()));
        try {
            try (FileChannel ch = POSIX
                    ? FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buf = ByteBuffer.wrap(value);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw failure(name, target, "writing", e);
        }
    }

    boolean delete(String name, String path) {
        String[] segments = Layout.segments(path);
        Path target = targetFor(name, segments, false);
        if (target == null) {
            return false;
        }
        try {
            BasicFileAttributes attrs = Layout.attributesNoFollow(target);
            if (attrs.isDirectory()) {
                throw Reading.refused(name, target, "is a directory; only files are deleted", null);
            }
            boolean existed = Files.deleteIfExists(target);
            syncDirectory(target.getParent());
            return existed;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw failure(name, target, "deleting", e);
        }
    }

    /**
     * The target file, after checking that every directory on its way is inside the write root
     * (checked before each one is entered or created, so a link cannot make us create directories
     * elsewhere) and that none is a volume.
     *
     * @return the target, or {@code null} if {@code create} is false and a directory is missing
     */
    private Path targetFor(String name, String[] segments, boolean create) {
        Path root = writeRoot();
        try {
            if (create) {
                createDirectory(root, true);
            }
            Path realRoot = Layout.realRoot(root, name);
            if (realRoot == null) {
                return null;
            }
            Path dir = realRoot;
            for (int i = 0; i < segments.length - 1; i++) {
                refuseVolume(name, dir);
                Path next = dir.resolve(segments[i]);
                if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                    if (!create) {
                        return null;
                    }
                    createDirectory(next, false);
                }
                Path real = next.toRealPath();
                if (!Layout.contained(real, realRoot)) {
                    throw Reading.refused(name, next, "resolves to " + real + ", outside the write root " + realRoot, null);
                }
                if (!Files.isDirectory(real)) {
                    throw Reading.refused(name, next, "is not a directory, so no secret can be written below it", null);
                }
                dir = real;
            }
            refuseVolume(name, dir);
            return dir.resolve(segments[segments.length - 1]);
        } catch (NoSuchFileException e) {
            if (!create) {
                return null;
            }
            throw failure(name, root, "preparing the directory for", e);
        } catch (IOException e) {
            throw failure(name, root, "preparing the directory for", e);
        }
    }

    private static void refuseVolume(String name, Path dir) {
        if (Layout.isVolume(dir)) {
            throw Reading.refused(name, dir, "is a Kubernetes-managed volume (it has a ..data link); change the Secret"
                    + " instead, or set secrets.provider.file.write-root to a directory of your own", null);
        }
    }

    private static void createDirectory(Path dir, boolean withParents) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        try {
            if (withParents) {
                Files.createDirectories(dir, attrs);
            } else {
                Files.createDirectory(dir, attrs);
            }
        } catch (FileAlreadyExistsException e) {
            // created concurrently; the caller checks what it is
        }
    }

    /** Makes the rename durable; file systems that cannot sync a directory are left as they are. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // best effort: the data itself was forced before the rename
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // the name starts with "..", so a leftover is never read as a secret
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private static RuntimeException failure(String name, Path file, String doing, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new SecretAccessDeniedException(name, FileSecretProvider.NAME, doing + " " + file
                    + " is not permitted to this process (permission denied)", e);
        }
        return new ProviderUnavailableException(FileSecretProvider.NAME, "Secret '" + name + "': " + doing + " " + file
                + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
