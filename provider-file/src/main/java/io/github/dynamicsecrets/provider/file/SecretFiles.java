package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.ProviderUnavailableException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a key from the first root that has it. Stateless apart from its settings; thread-safe.
 *
 * <p>A read in a volume addresses the file inside the snapshot that {@code ..data} named when the
 * read began. If the kubelet swaps and deletes that snapshot mid-read, the read fails with "no such
 * file" while {@code ..data} names another snapshot; such a read is retried on the new snapshot
 * (at most {@value #ATTEMPTS} attempts in all), so callers never see the swap as an error, and
 * never a value mixed from two snapshots.
 */
final class SecretFiles {

    static final int ATTEMPTS = 3;

    /** What was found, and where. {@code bytes} is {@code null} when a known version made reading unnecessary. */
    static final class Found {
        final byte[] bytes;
        final Location location;
        final String knownVersion;

        Found(byte[] bytes, Location location, String knownVersion) {
            this.bytes = bytes;
            this.location = location;
            this.knownVersion = knownVersion;
        }
    }

    private final List<Path> roots;
    private final long maxSize;

    SecretFiles(List<Path> roots, long maxSize) {
        this.roots = List.copyOf(roots);
        this.maxSize = maxSize;
    }

    List<Path> roots() {
        return roots;
    }

    /**
     * Reads {@code path}.
     *
     * @param name the name asked for, for messages
     * @param versions when not {@code null}, a volume key whose snapshot is unchanged since its
     *     last read is answered with its known version and no bytes
     * @return what was found, or {@code null} if no root has it
     */
    Found read(String name, String path, VolumeVersions versions) {
        String[] segments = Layout.segments(path);
        Set<Path> seen = new HashSet<>();
        for (Path root : roots) {
            Found found = readIn(root, name, path, segments, seen, versions);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private Found readIn(Path root, String name, String path, String[] segments, Set<Path> seen, VolumeVersions versions) {
        for (int attempt = 1; ; attempt++) {
            Location location = Layout.locate(root, name, segments);
            if (location == null || (attempt == 1 && !seen.add(location.realRoot))) {
                return null; // not mounted, or the same directory as an earlier root
            }
            if (versions != null && location.inVolume()) {
                String known = versions.known(path, location);
                if (known != null) {
                    return new Found(null, location, known);
                }
            }
            try {
                return new Found(Reading.read(location, name, maxSize), location, null);
            } catch (NoSuchFileException e) {
                if (!location.inVolume() || Objects.equals(Layout.currentSnapshot(location.volumeDir), location.snapshot)) {
                    return null;
                }
                if (attempt == ATTEMPTS) {
                    throw new ProviderUnavailableException(FileSecretProvider.NAME, "Reading secret '" + name + "' from "
                            + location.volumeDir + " failed: its ..data link was swapped " + ATTEMPTS
                            + " times during the read; try again", e);
                }
            }
        }
    }
}
