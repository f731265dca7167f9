package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.RotationListener;
import io.github.dynamicsecrets.SecretRotation;
import io.github.dynamicsecrets.SecretValue;
import java.security.MessageDigest;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's serial lane. {@link #observe} is called with every value the cache takes for
 * the name, serialised by the engine per secret; the lane decides what is a new version for
 * this listener and queues one event per version. Events run one at a time, in order, on the
 * shared listener pool.
 */
final class ListenerLane implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ListenerLane.class);

    private enum Baseline { UNKNOWN, ABSENT, KNOWN }

    final String name;
    private final RotationListener listener;
    private final Executor executor;
    private final Queue<SecretRotation> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean cancelled;
    // guarded by the engine's per-secret lock
    private Baseline baseline = Baseline.UNKNOWN;
    private SecretValue last;

    ListenerLane(String name, RotationListener listener, Executor executor) {
        this.name = name;
        this.listener = listener;
        this.executor = executor;
    }

    /** Sets what the listener is taken to have seen at registration; {@code absent} if known missing. */
    void start(SecretValue current, boolean absent) {
        if (current != null) {
            baseline = Baseline.KNOWN;
            last = current;
        } else if (absent) {
            baseline = Baseline.ABSENT;
        }
    }

    /** The cache now holds {@code current} for the name ({@code null}: the secret is gone). */
    void observe(SecretValue current) {
        if (current == null) {
            baseline = Baseline.ABSENT;
            last = null;
            return;
        }
        boolean isNew = baseline == Baseline.ABSENT || (baseline == Baseline.KNOWN && !last.version().equals(current.version())
                && !sameBytes(last, current));
        SecretValue previous = last;
        baseline = Baseline.KNOWN;
        last = current;
        if (isNew && !cancelled) {
            queue.add(new SecretRotation(name, previous, current));
            schedule();
        }
    }

    /**
     * A new version with the very same bytes (a re-upload; a file provider's version after a restart,
     * which is keyed per process) is not a rotation. Compared in constant time.
     */
    private static boolean sameBytes(SecretValue a, SecretValue b) {
        return a.length() == b.length() && MessageDigest.isEqual(a.asBytes(), b.asBytes());
    }

    void cancel() {
        cancelled = true;
        queue.clear();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                draining.set(false); // client closed: events are dropped with it
            }
        }
    }

    @Override
    public void run() {
        try {
            SecretRotation r;
            while (!cancelled && (r = queue.poll()) != null) {
                try {
                    listener.onRotation(r);
                } catch (RuntimeException | Error e) {
                    // The listener's own message may quote what it handled; log the type and where only.
                    StackTraceElement[] st = e.getStackTrace();
                    log.warn("Rotation listener for '{}' threw {} at {}; the event is dropped", name,
                            e.getClass().getName(), st.length > 0 ? st[0] : "?");
                    if (e instanceof Error && !(e instanceof AssertionError)) {
                        throw (Error) e;
                    }
                }
            }
        } finally {
            draining.set(false);
            if (!cancelled && !queue.isEmpty()) {
                schedule();
            }
        }
    }
}
