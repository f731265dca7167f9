package io.github.dynamicsecrets.provider.file;

import java.nio.file.Path;

/**
 * Where a secret's file would be in one root. For a Kubernetes-style volume (a directory holding
 * a {@code ..data} link) the file is addressed inside the snapshot directory that {@code ..data}
 * pointed at when it was located, not through the user-visible link, so one read always sees one
 * whole snapshot. Immutable.
 */
final class Location {

    /** The name of the link that the kubelet's AtomicWriter swaps. */
    static final String DATA_LINK = "..data";

    final Path root;
    final Path realRoot;
    final Path file;
    final Path volumeDir;
    final String snapshot;

    Location(Path root, Path realRoot, Path file, Path volumeDir, String snapshot) {
        this.root = root;
        this.realRoot = realRoot;
        this.file = file;
        this.volumeDir = volumeDir;
        this.snapshot = snapshot;
    }

    boolean inVolume() {
        return volumeDir != null;
    }

    @Override
    public String toString() {
        return inVolume() ? file + " (volume " + volumeDir + ", snapshot " + snapshot + ")" : file.toString();
    }
}
