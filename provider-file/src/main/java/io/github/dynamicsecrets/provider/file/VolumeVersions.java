package io.github.dynamicsecrets.provider.file;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Versions of keys in Kubernetes-style volumes. A key's version is the name of the {@code ..data}
 * snapshot in which its current content was first seen by this provider: a swap that leaves a
 * key's bytes unchanged leaves its version unchanged, so an unchanged key never looks rotated,
 * and the same bytes get the same version even when a slow read of an older snapshot finishes
 * after a read of a newer one. Once a snapshot's version for a key is known it is answered without
 * reading the file, since snapshots are never modified, only replaced. Each key remembers its
 * last {@value #HISTORY} contents and snapshots. Thread-safe; entries are immutable and replaced
 * atomically per key.
 */
final class VolumeVersions {

    static final int HISTORY = 8;
    private static final int MAX_KEYS = 100_000;

    private static final class Entry {
        final Path realRoot;
        final Map<String, String> byDigest;
        final Map<String, String> bySnapshot;

        Entry(Path realRoot, Map<String, String> byDigest, Map<String, String> bySnapshot) {
            this.realRoot = realRoot;
            this.byDigest = byDigest;
            this.bySnapshot = bySnapshot;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The version of {@code path} in {@code location}'s snapshot, if already known; else {@code null}. */
    String known(String path, Location location) {
        Entry e = entries.get(path);
        return e != null && e.realRoot.equals(location.realRoot) ? e.bySnapshot.get(location.snapshot) : null;
    }

    /** Records that {@code location}'s snapshot holds content {@code digest} for {@code path}; returns its version. */
    String observe(String path, Location location, String digest) {
        if (entries.size() >= MAX_KEYS && !entries.containsKey(path)) {
            return location.snapshot; // bounded memory wins over version stability for absurd key counts
        }
        Entry updated = entries.compute(path, (p, e) -> {
            if (e == null || !e.realRoot.equals(location.realRoot)) {
                return new Entry(location.realRoot, Map.of(digest, location.snapshot), Map.of(location.snapshot, location.snapshot));
            }
            String version = e.byDigest.get(digest);
            if (version == null) {
                // new content; a snapshot edited in place (not the kubelet's way) still gets a new
                // version, spelled within the name grammar so that it can be pinned
                version = e.bySnapshot.containsKey(location.snapshot) ? location.snapshot + "-" + digest : location.snapshot;
            }
            if (version.equals(e.bySnapshot.get(location.snapshot)) && e.byDigest.containsKey(digest)) {
                return e;
            }
            return new Entry(e.realRoot, with(e.byDigest, digest, version), with(e.bySnapshot, location.snapshot, version));
        });
        return updated.bySnapshot.get(location.snapshot);
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        copy.put(key, value);
        while (copy.size() > HISTORY) {
            copy.remove(copy.keySet().iterator().next());
        }
        return copy;
    }
}
