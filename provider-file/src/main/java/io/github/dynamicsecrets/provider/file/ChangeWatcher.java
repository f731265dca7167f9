package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.spi.ChangeSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Tells a {@link ChangeSink} which keys changed, exactly once per change of content.
 *
 * <p>Every key the provider has been asked about is tracked with a state: a content digest, "absent",
 * or the refusal it produced. A key is reported only when a fresh look gives a different state, so
 * the five file-system events of one kubelet swap yield one report per key whose bytes changed and
 * none for the rest. The fresh looks are triggered by inotify events (through {@link WatchService})
 * on the directories on each tracked key's way, by a full rescan when events overflowed, and by a
 * safety-net poll of every tracked key at {@code secrets.rotation.poll}; the poll alone remains
 * where watching is impossible (a root not mounted yet, a file system without inotify, single-file
 * bind mounts whose changes raise no event in the container).
 *
 * <p>Threads: one daemon thread blocks on the {@link WatchService} and handles the signalled keys
 * itself (no hand-off, for latency); one daemon scheduler thread runs the poll and the first look
 * at newly tracked keys. Every comparison and report happens under one lock, so reports are
 * serialised and never concurrent. {@link #observe} is called from any thread. Both threads stop
 * in {@link #close}.
 */
final class ChangeWatcher implements AutoCloseable {

    static final int MAX_TRACKED = 10_000;

    private static final System.Logger LOG = System.getLogger(ChangeWatcher.class.getPackageName());

    private final WatchTargets targets;
    private final Function<String, String> stateOf;
    private final Duration poll;
    private final boolean useWatchService;
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Queue<String> newKeys = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean newKeysScheduled = new AtomicBoolean();

    private volatile ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private ChangeSink sink;
    private DirectoryWatches watches;
    private Thread watcherThread;
    private boolean warnedFull;

    /** Every check, report and (re)registration holds this lock. */
    private final Object checkLock = new Object();

    ChangeWatcher(WatchTargets targets, Function<String, String> stateOf, Duration poll, boolean useWatchService) {
        this.targets = targets;
        this.stateOf = stateOf;
        this.poll = poll;
        this.useWatchService = useWatchService;
    }

    /** Records what a read of {@code path} saw; the first observation of a key starts tracking it. */
    void observe(String path, String state) {
        if (states.size() >= MAX_TRACKED && !states.containsKey(path)) {
            warnFull();
            return;
        }
        if (states.putIfAbsent(path, state) == null) {
            newKeys.add(path);
            if (newKeysScheduled.compareAndSet(false, true)) {
                submit(this::registerNewKeys);
            }
        }
    }

    /**
     * Registers watches for keys tracked since the last run, then looks at them again: a change
     * between the caller's read and the registration raises no event, but the second look sees
     * it. One run serves every key that arrived meanwhile, so a burst of first reads costs one
     * registration pass, not one per key.
     */
    private void registerNewKeys() {
        newKeysScheduled.set(false);
        List<String> fresh = new ArrayList<>();
        for (String p = newKeys.poll(); p != null; p = newKeys.poll()) {
            fresh.add(p);
        }
        if (!fresh.isEmpty()) {
            reconcile();
            recheck(fresh);
        }
    }

    synchronized void start(ChangeSink changeSink) {
        if (scheduler != null) {
            throw new IllegalStateException("provider 'file' is already watching; watch(...) may be called once");
        }
        if (closed) {
            throw new IllegalStateException("provider 'file' is closed");
        }
        this.sink = changeSink;
        if (useWatchService) {
            try {
                watches = DirectoryWatches.open(targets);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.log(Level.WARNING, "provider 'file': cannot watch directories (" + e + "); polling every " + poll
                        + " (secrets.rotation.poll) instead");
            }
        }
        ScheduledExecutorService c = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dynamic-secrets-file-poller"));
        c.execute(() -> guarded(() -> {
            reconcile();
            recheck(states.keySet());
        }));
        if (!poll.isZero()) {
            c.scheduleWithFixedDelay(() -> guarded(() -> {
                reconcile();
                recheck(states.keySet());
            }), poll.toNanos(), poll.toNanos(), TimeUnit.NANOSECONDS);
        }
        scheduler = c;
        if (watches != null) {
            watcherThread = daemon(this::forward, "dynamic-secrets-file-watcher");
            watcherThread.start();
        }
    }

    private void forward() {
        try {
            while (!closed) {
                List<WatchKey> batch = watches.takeBatch();
                guarded(() -> onSignalled(batch));
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closing: nothing more to handle
        }
    }

    private void onSignalled(List<WatchKey> batch) {
        DirectoryWatches.Changes changes = watches.interpret(batch);
        Collection<String> toCheck = changes.everything ? states.keySet() : changes.affected;
        recheck(toCheck);
        if (changes.everything || changes.layoutChanged) {
            // a new directory is watched only from now on; what was written into it before is seen by looking again
            reconcile();
            recheck(toCheck);
        }
    }

    private void recheck(Collection<String> paths) {
        for (String path : List.copyOf(paths)) {
            String before = states.get(path);
            if (before == null || closed) {
                continue;
            }
            String now = stateOf.apply(path);
            if (!now.equals(before)) {
                states.put(path, now);
                try {
                    sink.changed(path);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "provider 'file': the change sink failed for secret '" + path + "'", e);
                }
            }
        }
    }

    private void reconcile() {
        if (watches != null && !closed) {
            watches.register(states.keySet());
        }
    }

    private void submit(Runnable task) {
        ScheduledExecutorService c = scheduler;
        if (c == null) {
            return; // not watching yet: start() looks at every tracked key
        }
        try {
            c.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void guarded(Runnable task) {
        try {
            synchronized (checkLock) {
                task.run();
            }
        } catch (RuntimeException e) {
            // a failure must not end the periodic poll, which the executor would otherwise cancel
            LOG.log(Level.WARNING, "provider 'file': checking for changes failed; will try again", e);
        }
    }

    private synchronized void warnFull() {
        if (!warnedFull) {
            warnedFull = true;
            LOG.log(Level.WARNING, "provider 'file': more than " + MAX_TRACKED + " distinct secrets asked for;"
                    + " further ones are not watched and only seen when read again");
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        ScheduledExecutorService c;
        Thread f;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = scheduler;
            f = watcherThread;
        }
        if (c != null) {
            c.shutdownNow();
        }
        if (watches != null) {
            watches.close();
        }
        try {
            if (f != null) {
                f.join(TimeUnit.SECONDS.toMillis(5));
            }
            if (c != null) {
                c.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
