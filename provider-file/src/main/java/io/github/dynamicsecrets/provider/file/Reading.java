package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads one located file safely: resolves its links, refuses anything whose real path leaves the
 * root, checks the file type <em>before</em> opening (opening a FIFO would block until a writer
 * appears), enforces the size limit while reading, and opens the resolved path with
 * {@code NOFOLLOW_LINKS} so a link swapped in after the check is refused rather than followed.
 * Stateless and thread-safe.
 *
 * <p>Residual risk, by design of the POSIX API as Java exposes it: someone who can write into the
 * root could replace a checked regular file with a FIFO in the microseconds between the type
 * check and the open. Mounted volumes are written only by the kubelet or the container runtime,
 * so this is outside the threat model; a FIFO put there beforehand is always refused.
 */
final class Reading {

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private Reading() {}

    /**
     * Reads the file at {@code location}.
     *
     * @return the bytes, owned by the caller
     * @throws NoSuchFileException if the file (or a directory on its way) does not exist
     * @throws SecretAccessDeniedException if the file is refused; the message names the file and why
     */
    static byte[] read(Location location, String name, long maxSize) throws NoSuchFileException {
        Path real = realFile(location, name);
        BasicFileAttributes attrs;
        try {
            attrs = Layout.attributesNoFollow(real);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw unavailable(name, real, e);
        }
        checkRegular(name, location.file, real, attrs);
        if (attrs.size() > maxSize) {
            throw tooLarge(name, real, attrs.size() + " bytes", maxSize);
        }
        return readBounded(name, real, attrs.size(), maxSize);
    }

    /** The real path of the located file, checked to be inside the root. */
    static Path realFile(Location location, String name) throws NoSuchFileException {
        Path real;
        try {
            real = location.file.toRealPath();
        } catch (NoSuchFileException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw refused(name, location.file, "cannot be reached: a directory on its path is not searchable by this"
                    + " process (permission denied)", e);
        } catch (IOException e) {
            if (Layout.isNotADirectory(e)) {
                // a path such as db/password/extra, where db/password is a file: simply absent
                throw new NoSuchFileException(location.file.toString());
            }
            if (e instanceof FileSystemException && String.valueOf(((FileSystemException) e).getReason()).contains("symbolic link")) {
                throw refused(name, location.file, "is part of a symbolic link loop", e);
            }
            throw unavailable(name, location.file, e);
        }
        if (!Layout.contained(real, location.realRoot)) {
            throw refused(name, location.file, "is a symbolic link (or lies below one) that resolves to " + real
                    + ", outside the root " + location.realRoot + "; links must stay inside their root", null);
        }
        return real;
    }

    private static void checkRegular(String name, Path shown, Path real, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
            return;
        }
        String where = shown.equals(real) ? "" : " (resolved to " + real + ")";
        if (attrs.isDirectory()) {
            throw refused(name, shown, where + " is a directory, where a file was expected", null);
        }
        throw refused(name, shown, where + " is " + describeSpecial(real) + "; only regular files are read", null);
    }

    private static String describeSpecial(Path real) {
        try {
            int mode = (Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
            switch (mode) {
                case S_IFIFO: return "a FIFO (named pipe)";
                case S_IFCHR: return "a character device";
                case S_IFBLK: return "a block device";
                case S_IFSOCK: return "a socket";
                default: return "a special file";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file (FIFO, device or socket)";
        }
    }

    private static byte[] readBounded(String name, Path real, long expectedSize, long maxSize) throws NoSuchFileException {
        int limit = (int) maxSize + 1; // one byte more than allowed reveals a file that grew past the limit
        byte[] buf = new byte[(int) Math.max(1, Math.min(expectedSize + 1, limit))];
        int total = 0;
        try (InputStream in = Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                int n = in.readNBytes(buf, total, buf.length - total);
                total += n;
                if (total < buf.length || buf.length == limit) {
                    break;
                }
                byte[] bigger = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, limit));
                Arrays.fill(buf, (byte) 0);
                buf = bigger;
            }
        } catch (NoSuchFileException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw refused(name, real, "is not readable by this process (permission denied)", e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("symbolic link")) {
                throw refused(name, real, "was replaced by a symbolic link while being read", e);
            }
            throw unavailable(name, real, e);
        }
        try {
            if (total > maxSize) {
                throw tooLarge(name, real, "more than " + maxSize + " bytes", maxSize);
            }
            return Arrays.copyOf(buf, total);
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
    }

    private static SecretAccessDeniedException tooLarge(String name, Path file, String size, long maxSize) {
        return refused(name, file, "is " + size + ", over the limit of " + maxSize + " bytes set by"
                + " secrets.provider.file.max-size", null);
    }

    static SecretAccessDeniedException refused(String name, Path file, String reason, Throwable cause) {
        String sep = reason.startsWith(" ") ? "" : " ";
        return new SecretAccessDeniedException(name, FileSecretProvider.NAME, "file " + file + sep + reason, cause);
    }

    static ProviderUnavailableException unavailable(String name, Path file, IOException e) {
        return new ProviderUnavailableException(FileSecretProvider.NAME, "Reading secret '" + name + "' from " + file
                + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
