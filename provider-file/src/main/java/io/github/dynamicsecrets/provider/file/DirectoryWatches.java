package io.github.dynamicsecrets.provider.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inotify side of watching: which directories are registered with the {@link WatchService},
 * and which tracked keys an event concerns. {@link #takeBatch} may be called by one thread while
 * another registers; {@link #register} and {@link #interpret} must be serialised by the caller.
 */
final class DirectoryWatches implements AutoCloseable {

    /** What a batch of events means for the tracked keys. */
    static final class Changes {
        final Set<String> affected = new LinkedHashSet<>();
        boolean everything;
        boolean layoutChanged;
    }

    private static final System.Logger LOG = System.getLogger(DirectoryWatches.class.getPackageName());
    private static final WatchEvent.Kind<?>[] KINDS = {ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY};

    private final WatchService service;
    private final WatchTargets targets;
    /** For each watched directory, the tracked keys below each child name. */
    private Map<WatchKey, Map<String, Set<String>>> index = new HashMap<>();

    private DirectoryWatches(WatchService service, WatchTargets targets) {
        this.service = service;
        this.targets = targets;
    }

    /** Opens a watch service on the default file system. */
    static DirectoryWatches open(WatchTargets targets) throws IOException {
        return new DirectoryWatches(FileSystems.getDefault().newWatchService(), targets);
    }

    /**
     * Waits for signalled directories and returns all that are signalled now.
     *
     * @throws ClosedWatchServiceException once closed
     */
    List<WatchKey> takeBatch() throws InterruptedException {
        List<WatchKey> batch = new ArrayList<>();
        batch.add(service.take());
        for (WatchKey more = service.poll(); more != null; more = service.poll()) {
            batch.add(more);
        }
        return batch;
    }

    /** Reads and resets the keys of a batch. */
    Changes interpret(List<WatchKey> batch) {
        Changes changes = new Changes();
        for (WatchKey key : batch) {
            Map<String, Set<String>> byChild = index.getOrDefault(key, Map.of());
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == OVERFLOW) {
                    changes.everything = true;
                    continue;
                }
                String child = String.valueOf(event.context());
                if (child.equals(Location.DATA_LINK)) {
                    byChild.values().forEach(changes.affected::addAll);
                } else if (!child.startsWith("..")) {
                    // other "..*" names are the kubelet's staging entries and our own temporary files
                    changes.affected.addAll(byChild.getOrDefault(child, Set.of()));
                    changes.layoutChanged |= event.kind() != ENTRY_MODIFY;
                }
            }
            if (!key.reset()) {
                // the directory itself went away (or was unmounted): everything below it may have changed
                byChild.values().forEach(changes.affected::addAll);
                changes.layoutChanged = true;
            }
        }
        return changes;
    }

    /**
     * Brings the registered directories in line with the tracked keys and what exists now.
     * Registering a directory again is cheap and returns its key; a directory whose inode
     * changed (a volume mounted over it) gets a new key, and keys no longer needed are cancelled.
     */
    void register(Collection<String> paths) {
        Map<WatchKey, Map<String, Set<String>>> next = new HashMap<>();
        Map<Path, WatchKey> registered = new HashMap<>();
        for (String path : List.copyOf(paths)) {
            for (WatchTargets.Target target : targets.of(path)) {
                WatchKey key = registered.get(target.dir);
                if (key == null) {
                    try {
                        key = target.dir.register(service, KINDS);
                    } catch (IOException e) {
                        LOG.log(Level.DEBUG, "provider 'file': not watching " + target.dir + " (" + e + "); polling covers it");
                        continue;
                    } catch (ClosedWatchServiceException e) {
                        return;
                    }
                    registered.put(target.dir, key);
                }
                next.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(target.child, c -> new LinkedHashSet<>()).add(path);
            }
        }
        for (WatchKey old : index.keySet()) {
            if (!next.containsKey(old)) {
                old.cancel();
            }
        }
        index = next;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "provider 'file': closing the watch service failed", e);
        }
    }
}
