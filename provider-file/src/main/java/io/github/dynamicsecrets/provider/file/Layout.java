package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretsConfigurationException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Maps a canonical path to a file under a root and recognises the Kubernetes AtomicWriter
 * layout. Stateless; every call looks at the file system afresh, because mounts and snapshots
 * come and go while the process runs.
 */
final class Layout {

    private Layout() {}

    /**
     * Refuses what no root may contain: the grammar already forbids {@code ..}, but this is the
     * last check before a name touches the file system, so it checks again (defence in depth),
     * and it refuses segments starting with {@code ..}, which the AtomicWriter layout reserves.
     */
    static String[] segments(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            throw new InvalidSecretNameException(path, "not a relative path of '/'-separated segments");
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidSecretNameException(path, "segment '" + segment + "' would leave or repeat a directory");
            }
            if (segment.startsWith("..")) {
                throw new InvalidSecretNameException(path, "segment '" + segment + "' starts with '..', which the"
                        + " Kubernetes volume layout reserves for its own entries (..data, ..<timestamp>); provider 'file'"
                        + " cannot represent it");
            }
        }
        return segments;
    }

    /**
     * The canonical real path of a root, or {@code null} if it does not exist (yet).
     *
     * @throws SecretsConfigurationException if it exists but is not a directory
     */
    static Path realRoot(Path root, String name) {
        Path real;
        try {
            real = root.toRealPath();
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            throw new SecretAccessDeniedException(name, FileSecretProvider.NAME, "root directory " + root
                    + " cannot be searched by this process (permission denied)", e);
        } catch (IOException e) {
            if (isNotADirectory(e)) {
                throw notADirectory(root);
            }
            throw Reading.unavailable(name, root, e);
        }
        if (!Files.isDirectory(real)) {
            throw notADirectory(root);
        }
        return real;
    }

    /**
     * Finds where {@code path} lives under {@code root}: inside the deepest directory on the way
     * that holds a {@code ..data} link (a Kubernetes secret, projected or CSI volume), resolved
     * through that link's current target; otherwise at {@code <root>/<path>}.
     *
     * @return the location, or {@code null} if the root does not exist
     */
    static Location locate(Path root, String name, String[] segments) {
        Path realRoot = realRoot(root, name);
        if (realRoot == null) {
            return null;
        }
        Path dir = realRoot;
        Path volumeDir = null;
        int volumeDepth = -1;
        for (int depth = 0; depth < segments.length; depth++) {
            if (depth > 0) {
                dir = dir.resolve(segments[depth - 1]);
                if (!Files.isDirectory(dir)) {
                    break;
                }
            }
            if (Files.isSymbolicLink(dir.resolve(Location.DATA_LINK))) {
                volumeDir = dir;
                volumeDepth = depth;
            }
        }
        if (volumeDir == null) {
            return new Location(root, realRoot, realRoot.resolve(String.join("/", segments)), null, null);
        }
        Path target;
        try {
            target = Files.readSymbolicLink(volumeDir.resolve(Location.DATA_LINK));
        } catch (NoSuchFileException e) {
            // the volume vanished between the check and the read: look again, once, as a plain directory
            return new Location(root, realRoot, realRoot.resolve(String.join("/", segments)), null, null);
        } catch (IOException e) {
            throw Reading.unavailable(name, volumeDir.resolve(Location.DATA_LINK), e);
        }
        Path file = volumeDir.resolve(target);
        for (int i = volumeDepth; i < segments.length; i++) {
            file = file.resolve(segments[i]);
        }
        Path snapshotName = target.getFileName();
        return new Location(root, realRoot, file, volumeDir, snapshotName == null ? target.toString() : snapshotName.toString());
    }

    /** The current target name of a volume's {@code ..data} link, or {@code null} if it is gone. */
    static String currentSnapshot(Path volumeDir) {
        try {
            Path name = Files.readSymbolicLink(volumeDir.resolve(Location.DATA_LINK)).getFileName();
            return name == null ? "" : name.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code dir} itself is an AtomicWriter volume directory. */
    static boolean isVolume(Path dir) {
        return Files.isSymbolicLink(dir.resolve(Location.DATA_LINK));
    }

    /** Whether a path's real form may be read: it must stay below the root's real path. */
    static boolean contained(Path realFile, Path realRoot) {
        return realFile.startsWith(realRoot) && !realFile.equals(realRoot);
    }

    static boolean isNotADirectory(IOException e) {
        return e instanceof java.nio.file.FileSystemException
                && "Not a directory".equals(((java.nio.file.FileSystemException) e).getReason());
    }

    static BasicFileAttributes attributesNoFollow(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static SecretsConfigurationException notADirectory(Path root) {
        String key = "secrets.provider.file.roots";
        return new SecretsConfigurationException(key, "Root " + root + " listed in " + key
                + " (environment variable SECRETS_PROVIDER_FILE_ROOTS) is not a directory; expected directories only");
    }
}
