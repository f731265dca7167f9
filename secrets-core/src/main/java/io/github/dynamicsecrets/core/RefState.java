package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * Everything the engine tracks for one stored secret (a path and optional version, no field):
 * the names cached from it, who answers it, the failure count, and the store call in flight.
 * Fields are guarded by {@code this}; the store call itself runs outside the lock.
 */
final class RefState {

    final SecretRef ref;
    final String key;
    /** Cache keys derived from this secret: the plain name and any {@code #field} names. */
    final Set<String> names = ConcurrentHashMap.newKeySet();
    final Set<ListenerLane> lanes = ConcurrentHashMap.newKeySet();

    private CompletableFuture<Fetched> inflight;
    /** Store calls completed so far, and the last one's outcome: a Fetched or the exception. */
    private volatile long completions;
    private Object lastOutcome;
    int providerIndex = -1;
    String version;
    /** The last value the chain gave (or the disk cache, marked stale); null when not found. */
    SecretValue value;
    int failures;
    long lastGoodMillis = Long.MIN_VALUE;
    ScheduledFuture<?> scheduled;

    RefState(SecretRef ref) {
        this.ref = ref;
        this.key = ref.toString();
    }

    /**
     * Single flight: joins the store call in flight, or makes it on the calling thread. With
     * {@code fresh}, a call already in flight is waited out and a new one made, so the answer
     * reflects the store as it is after this method was called.
     */
    Fetched load(boolean fresh, Function<RefState, Fetched> storeCall) {
        return load(fresh, -1, storeCall);
    }

    /**
     * How many store calls have completed; read it before looking in the cache and pass it to
     * {@link #load(boolean, long, Function)}, so a call that completed in between is used rather
     * than repeated.
     */
    long completions() {
        return completions;
    }

    /**
     * As {@link #load(boolean, Function)}; when not {@code fresh} and a store call completed since
     * the caller read {@link #completions()} as {@code seen}, its outcome is returned without a
     * new call: the caller missed the cache just before that call filled it.
     */
    Fetched load(boolean fresh, long seen, Function<RefState, Fetched> storeCall) {
        while (true) {
            CompletableFuture<Fetched> current;
            CompletableFuture<Fetched> mine = null;
            synchronized (this) {
                current = inflight;
                if (current == null) {
                    if (!fresh && seen >= 0 && completions != seen && lastOutcome != null) {
                        return outcome(lastOutcome);
                    }
                    mine = new CompletableFuture<>();
                    inflight = mine;
                }
            }
            if (mine == null) {
                if (!fresh) {
                    return join(current);
                }
                current.handle((f, e) -> null).join();
                fresh = false; // whatever starts next began after our call
                continue;
            }
            try {
                Fetched f = storeCall.apply(this);
                clear(mine, f);
                mine.complete(f);
                return f;
            } catch (RuntimeException e) {
                clear(mine, e);
                mine.completeExceptionally(e);
                throw e;
            } catch (Error e) {
                clear(mine, null);
                mine.completeExceptionally(e);
                throw e;
            }
        }
    }

    private synchronized void clear(CompletableFuture<Fetched> mine, Object outcome) {
        if (inflight == mine) {
            inflight = null;
        }
        lastOutcome = outcome;
        completions++;
    }

    private static Fetched outcome(Object o) {
        if (o instanceof RuntimeException) {
            throw (RuntimeException) o;
        }
        return (Fetched) o;
    }

    private static Fetched join(CompletableFuture<Fetched> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw e;
        }
    }

    synchronized void recordSuccess(Fetched f, long goodAtMillis) {
        failures = 0;
        lastGoodMillis = goodAtMillis;
        providerIndex = f.providerIndex;
        version = f.value == null ? null : f.value.version();
        value = f.value;
    }

    synchronized boolean hasGoodValue() {
        return lastGoodMillis != Long.MIN_VALUE && version != null;
    }
}
