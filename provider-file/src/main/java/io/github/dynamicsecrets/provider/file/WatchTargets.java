package io.github.dynamicsecrets.provider.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which directories to watch so that a change to a key raises an event: in every root, the root
 * and each existing directory on the key's way down, stopping at a volume directory (the one
 * holding {@code ..data}, where the swap happens; what lies below it is immutable snapshots) and
 * at the first directory that does not exist yet (its creation is an event in its parent).
 * Directories whose real path leaves the root are not watched. Stateless.
 */
final class WatchTargets {

    /** A directory to watch and the name of the entry in it that leads to the key. */
    static final class Target {
        final Path dir;
        final String child;

        Target(Path dir, String child) {
            this.dir = dir;
            this.child = child;
        }
    }

    private final List<Path> roots;

    WatchTargets(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    List<Target> of(String path) {
        String[] segments = path.split("/");
        List<Target> out = new ArrayList<>();
        Set<Path> seenRoots = new HashSet<>();
        for (Path root : roots) {
            Path realRoot;
            try {
                realRoot = Layout.realRoot(root, path);
            } catch (RuntimeException e) {
                continue; // a broken root is reported by reads; the poll looks again later
            }
            if (realRoot == null || !seenRoots.add(realRoot)) {
                continue;
            }
            Path dir = realRoot;
            for (int depth = 0; depth < segments.length; depth++) {
                out.add(new Target(dir, segments[depth]));
                if (depth == segments.length - 1 || Layout.isVolume(dir)) {
                    break;
                }
                Path next = dir.resolve(segments[depth]);
                if (!Files.isDirectory(next)) {
                    break;
                }
                try {
                    next = next.toRealPath();
                } catch (IOException e) {
                    break;
                }
                if (!Layout.contained(next, realRoot)) {
                    break;
                }
                dir = next;
            }
        }
        return out;
    }
}
