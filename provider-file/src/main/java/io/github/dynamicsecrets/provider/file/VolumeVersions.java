package io.github.dynamicsecrets.provider.file;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Versions of keys in Kubernetes-style volumes. A key's version is the name of the {@code ..data}
 * snapshot in which its current content first appeared, as seen by this provider: a swap that
 * leaves a key's bytes unchanged leaves its version unchanged, so an unchanged key never looks
 * rotated. While {@code ..data} still points at the snapshot last seen for a key, the version is
 * known without reading the file (snapshots are never modified, only replaced). Thread-safe.
 */
final class VolumeVersions {

    private static final int MAX_ENTRIES = 100_000;

    private static final class Entry {
        final Path realRoot;
        final String snapshot;
        final String digest;
        final String version;

        Entry(Path realRoot, String snapshot, String digest, String version) {
            this.realRoot = realRoot;
            this.snapshot = snapshot;
            this.digest = digest;
            this.version = version;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The version if {@code location}'s snapshot is the one last read for {@code path}, else {@code null}. */
    String known(String path, Location location) {
        Entry e = entries.get(path);
        return e != null && e.realRoot.equals(location.realRoot) && e.snapshot.equals(location.snapshot) ? e.version : null;
    }

    /** Records a read of {@code path} from {@code location} with content {@code digest}; returns its version. */
    String observe(String path, Location location, String digest) {
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(path)) {
            return location.snapshot; // bounded memory wins over version stability for absurd key counts
        }
        Entry old = entries.get(path);
        if (old != null && !old.snapshot.equals(location.snapshot)
                && !location.snapshot.equals(Layout.currentSnapshot(location.volumeDir))) {
            // a read that began before a swap and ended after it: answer, but do not move the record back
            return sameContent(old, location, digest) ? old.version : location.snapshot;
        }
        Entry updated = entries.compute(path, (p, prev) -> new Entry(location.realRoot, location.snapshot, digest,
                sameContent(prev, location, digest) ? prev.version : location.snapshot));
        return updated.version;
    }

    private static boolean sameContent(Entry e, Location location, String digest) {
        return e != null && e.realRoot.equals(location.realRoot) && e.digest.equals(digest);
    }
}
