package io.github.dynamicsecrets.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may read, written so that a crash at any moment leaves either the old
 * content or the new, never a mix: a temporary file in the same directory, fsync, atomic
 * rename, fsync of the directory. Permissions apply on POSIX file systems; elsewhere (Windows)
 * the directory's ACLs decide and the permission calls are skipped.
 */
final class PrivateFiles {

    /** Temporary files start with this; readers never open them. */
    static final String TEMP_PREFIX = ".tmp-";

    static final Set<PosixFilePermission> OWNER_RW = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The permissions of {@code path} that give group or others access; empty off POSIX. */
    static Set<PosixFilePermission> groupOrOthers(Path path) throws IOException {
        if (!isPosix(path)) {
            return Set.of();
        }
        Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
        loose.addAll(Files.getPosixFilePermissions(path));
        loose.retainAll(GROUP_OR_OTHERS);
        return loose;
    }

    /**
     * Creates {@code dir} (and missing parents) with mode 0700, or tightens an existing one to
     * 0700.
     *
     * @return whether an existing directory had to be tightened
     */
    static boolean ensurePrivateDirectory(Path dir) throws IOException {
        boolean posix = isPosix(dir.toAbsolutePath());
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
                // the umask may have removed bits; parents are left as they are
                Files.setPosixFilePermissions(dir, OWNER_RWX);
            } else {
                Files.createDirectories(dir);
            }
            return false;
        }
        if (posix && !groupOrOthers(dir).isEmpty()) {
            Files.setPosixFilePermissions(dir, OWNER_RWX);
            return true;
        }
        return false;
    }

    /** Replaces {@code target} atomically with {@code data}; the file is 0600. */
    static void write(Path target, byte[] data) throws IOException {
        Path temp = writeTemp(target, data);
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Creates {@code target} with {@code data} unless it exists; when two writers race, exactly
     * one wins and the file is never seen half written.
     *
     * @return {@code false} if the file already existed
     */
    static boolean createNew(Path target, byte[] data) throws IOException {
        Path temp = writeTemp(target, data);
        try {
            try {
                Files.createLink(target, temp); // link(2) fails if the name exists: an atomic create-if-absent
            } catch (UnsupportedOperationException e) {
                Files.move(temp, target); // no hard links here: check-then-rename, a narrow race
            }
            syncDirectory(target.toAbsolutePath().getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path writeTemp(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        FileAttribute<?>[] attrs = isPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, null, attrs);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /** Makes a rename durable; file systems that cannot open a directory are skipped. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // Windows and some file systems refuse to open or sync a directory; the rename still happened
        }
    }
}
