package io.github.dynamicsecrets.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretNotFoundException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The cache and everything that keeps it current: store calls, applying answers, stale-if-error,
 * background refresh. Entries are replaced whole, under the owning {@link RefState}'s lock, so
 * readers never block and listeners see each version once, in order.
 */
final class EngineCore {

    final EngineSettings settings;
    final ProviderChain chain;
    final Clock clock;
    final DiskCache disk;
    final EngineThreads threads;
    final Cache<String, CacheEntry> cache;
    final ConcurrentHashMap<String, RefState> states = new ConcurrentHashMap<>();
    volatile boolean closed;

    EngineCore(EngineSettings settings, ProviderChain chain, Clock clock, DiskCache disk) {
        this.settings = settings;
        this.chain = chain;
        this.clock = clock;
        this.disk = disk;
        this.threads = new EngineThreads();
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maxSize)
                .executor(Runnable::run)
                .<String, CacheEntry>removalListener((name, entry, cause) -> {
                    if (name != null && cause.wasEvicted()) {
                        RefState st = states.get(baseKey(name));
                        if (st != null) {
                            st.names.remove(name);
                        }
                    }
                })
                .build();
    }

    static String baseKey(String name) {
        int hash = name.indexOf('#');
        return hash < 0 ? name : name.substring(0, hash);
    }

    RefState state(SecretRef baseRef) {
        return states.computeIfAbsent(baseRef.toString(), k -> new RefState(baseRef));
    }

    /** One store call through the chain for {@code st}, applied to the cache; failures handled. */
    Fetched storeCall(RefState st) {
        Fetched f;
        try {
            f = chain.fetch(st.ref);
        } catch (RuntimeException e) {
            onFailure(st, e);
            throw e;
        }
        apply(st, f, clock.millis());
        return f;
    }

    /**
     * A new {@code #field} name of a secret already held: derived and cached without a store
     * call, so reading three fields of one JSON secret costs one read.
     */
    SecretValue deriveFromHeld(RefState st, String name) {
        synchronized (st) {
            if (st.value == null || st.failures > 0) {
                return null; // nothing held, or the store is failing: take the normal path and its rules
            }
            CacheEntry entry = entryFor(name, Fetched.found(st.value, st.providerIndex));
            cache.put(name, entry);
            if (entry.failure != null) {
                throw entry.failure;
            }
            return entry.value;
        }
    }

    /** Loads {@code st} (joining a call in flight unless {@code fresh}). */
    Fetched load(RefState st, boolean fresh) {
        return st.load(fresh, this::storeCall);
    }

    /** A cold read: joins or reuses a store call that completed after {@code seen}; see RefState. */
    Fetched loadSince(RefState st, long seen) {
        return st.load(false, seen, this::storeCall);
    }

    /** Puts the answer into every cache entry derived from {@code st} and tells listeners. */
    void apply(RefState st, Fetched f, long goodAtMillis) {
        synchronized (st) {
            String before = st.version;
            st.recordSuccess(f, goodAtMillis);
            for (String name : st.names) {
                CacheEntry entry = entryFor(name, f);
                cache.put(name, entry);
                for (ListenerLane lane : st.lanes) {
                    if (lane.name.equals(name)) {
                        lane.observe(entry.value);
                    }
                }
            }
            if (f.value == null) {
                Audit.notFound(st.key, f.tried);
            } else if (before == null) {
                Audit.loaded(st.key, f.value);
            } else if (!before.equals(f.value.version())) {
                Audit.rotated(st.key, f.value.provider(), before, f.value.version());
            } else {
                Audit.refreshed(st.key, f.value);
            }
            if (f.value != null && !f.value.isStale()) {
                disk.write(f.value.provider(), st.ref, f.value);
            }
            schedule(st, Backoff.jittered(settings.refresh));
        }
    }

    CacheEntry entryFor(String name, Fetched f) {
        if (f.value == null) {
            return CacheEntry.notFound(f.tried, clock.millis() + settings.negativeTtl.toMillis());
        }
        try {
            return CacheEntry.found(derive(name, f.value));
        } catch (SecretsException e) {
            return CacheEntry.failed(e, clock.millis() + settings.negativeTtl.toMillis());
        }
    }

    /** The value for {@code name}: the secret itself, or one JSON field of it. */
    static SecretValue derive(String name, SecretValue base) {
        int hash = name.indexOf('#');
        if (hash < 0) {
            return base;
        }
        try {
            return base.field(name.substring(hash + 1));
        } catch (SecretNotFoundException e) {
            throw new SecretNotFoundException(name, List.of(base.provider()), "the JSON object has no field '"
                    + name.substring(hash + 1) + "'");
        }
    }

    /** A store call failed: back off, and mark cached values stale or, past max-stale, expired. */
    void onFailure(RefState st, RuntimeException e) {
        synchronized (st) {
            long now = clock.millis();
            st.failures++;
            long delay = Backoff.delayMillis(st.failures, settings.refresh);
            String provider = chain.providerName(e, st.providerIndex);
            Audit.failed(st.key, provider, e);
            if (st.hasGoodValue()) {
                long deadline = saturatedAdd(st.lastGoodMillis, settings.maxStale.toMillis());
                if (now >= deadline) {
                    expire(st, provider, e, now + delay);
                } else {
                    markStale(st);
                    delay = Math.max(1, Math.min(delay, deadline - now));
                }
            }
            schedule(st, delay);
        }
    }

    private void markStale(RefState st) {
        for (String name : st.names) {
            CacheEntry entry = cache.getIfPresent(name);
            if (entry != null && entry.value != null && !entry.value.isStale()) {
                SecretValue stale = entry.value.toBuilder().stale(true).build();
                cache.put(name, CacheEntry.found(stale));
                Audit.servedStale(name, stale, "memory");
            }
        }
    }

    private void expire(RefState st, String provider, RuntimeException cause, long retryAtMillis) {
        for (String name : st.names) {
            CacheEntry entry = cache.getIfPresent(name);
            if (entry != null && entry.value != null) {
                Audit.expired(name, provider);
            }
            cache.put(name, CacheEntry.failed(unavailable(name, provider, st, cause), retryAtMillis));
        }
    }

    ProviderUnavailableException unavailable(String name, String provider, RefState st, RuntimeException cause) {
        String since = st.lastGoodMillis == Long.MIN_VALUE ? "" : "; the last good value is from "
                + Instant.ofEpochMilli(st.lastGoodMillis) + ", older than secrets.cache.max-stale=" + settings.maxStale;
        return new ProviderUnavailableException(provider, "Secret '" + name + "' cannot be served: provider '"
                + provider + "' is failing (" + cause.getClass().getSimpleName() + ")" + since, cause);
    }

    /** After a failed cold read: the newest intact disk copy within max-stale, if any. */
    Optional<Fetched> fromDisk(RefState st) {
        long now = clock.millis();
        for (int i = 0; i < chain.size(); i++) {
            Optional<SecretValue> v = disk.read(chain.names.get(i), st.ref);
            if (v.isPresent()) {
                long fetched = v.get().fetchedAt().toEpochMilli();
                if (now - fetched > settings.maxStale.toMillis()) {
                    continue; // too old to serve; a later provider's copy may not be
                }
                SecretValue stale = v.get().toBuilder().stale(true).build();
                Fetched f = Fetched.found(stale, i);
                apply(st, f, fetched);
                Audit.servedStale(st.key, stale, "disk");
                schedule(st, Backoff.delayMillis(1, settings.refresh)); // the store is down: retry soon
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    void schedule(RefState st, long delayMillis) {
        if (closed) {
            return;
        }
        synchronized (st) {
            if (st.scheduled != null) {
                st.scheduled.cancel(false);
            }
            try {
                st.scheduled = threads.scheduler.schedule(() -> submitRefresh(st), delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                st.scheduled = null; // closing
            }
        }
    }

    void submitRefresh(RefState st) {
        try {
            threads.refresh.execute(() -> backgroundRefresh(st));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void backgroundRefresh(RefState st) {
        if (closed) {
            return;
        }
        if (isIdle(st)) {
            drop(st);
            return;
        }
        try {
            load(st, true);
        } catch (RuntimeException e) {
            // already handled by onFailure: backoff, stale marking, audit
        }
    }

    /** Nobody reads or listens to it any more (its names were evicted). */
    private boolean isIdle(RefState st) {
        if (!st.lanes.isEmpty()) {
            return false;
        }
        for (String name : st.names) {
            if (cache.getIfPresent(name) != null) {
                return false;
            }
        }
        return true;
    }

    private void drop(RefState st) {
        synchronized (st) {
            if (st.scheduled != null) {
                st.scheduled.cancel(false);
            }
            states.remove(st.key, st);
        }
    }

    /** The states whose secret currently exists, grouped by the provider that answers them. */
    Map<Integer, List<RefState>> answeredByProvider() {
        Map<Integer, List<RefState>> out = new java.util.TreeMap<>();
        for (RefState st : states.values()) {
            int index;
            synchronized (st) {
                index = st.version == null ? -1 : st.providerIndex;
            }
            out.computeIfAbsent(index, k -> new ArrayList<>()).add(st);
        }
        return out;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    void close() {
        closed = true;
        cache.invalidateAll(); // hits then miss, and the miss path refuses a closed client
        threads.shutdown();
        disk.close();
    }
}
