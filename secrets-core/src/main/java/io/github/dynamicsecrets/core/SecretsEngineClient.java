package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.RotationListener;
import io.github.dynamicsecrets.SecretNotFoundException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.Subscription;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's {@link SecretsClient}. A hit is one cache lookup and one field read: no lock, no
 * clock read, no allocation, no store call. A miss makes exactly one store call however many
 * threads ask at once. See {@link SecretsEngine} for the behaviour as a whole.
 */
final class SecretsEngineClient implements SecretsClient {

    private final EngineCore core;
    private final RotationPoller poller;
    private final BulkReader bulk;
    private final SecretWrites writes;

    SecretsEngineClient(EngineCore core) {
        this.core = core;
        this.poller = new RotationPoller(core);
        this.bulk = new BulkReader(core);
        this.writes = new SecretWrites(core);
        poller.start();
    }

    @Override
    public SecretValue get(String name) {
        if (name != null) {
            CacheEntry e = core.cache.getIfPresent(name);
            if (e != null) {
                SecretValue v = e.value;
                if (v != null) {
                    Audit.hit(name, v);
                    return v;
                }
            }
        }
        return load(name, true);
    }

    @Override
    public Optional<SecretValue> find(String name) {
        return Optional.ofNullable(load(name, false));
    }

    private SecretValue load(String name, boolean required) {
        ensureOpen();
        SecretRef ref = SecretRef.parse(name);
        RefState st = core.state(ref.withoutField());
        long seen = st.completions(); // before the cache look, so a call finishing meanwhile is reused
        CacheEntry e = core.cache.getIfPresent(name);
        if (e != null) {
            if (e.value != null) {
                return e.value;
            }
            if (core.clock.millis() < e.expiresAtMillis) {
                if (e.notFoundIn != null) {
                    return notFound(name, e.notFoundIn, required);
                }
                if (!required && e.failure instanceof SecretNotFoundException) {
                    return null;
                }
                throw e.failure;
            }
        }
        st.names.add(name);
        if (ref.field() != null) {
            try {
                SecretValue held = core.deriveFromHeld(st, name);
                if (held != null) {
                    return held;
                }
            } catch (SecretNotFoundException missingField) {
                if (required) {
                    throw missingField;
                }
                return null;
            }
        }
        Fetched f;
        try {
            f = core.loadSince(st, seen);
        } catch (RuntimeException failure) {
            f = core.fromDisk(st).orElseThrow(() -> {
                core.cache.put(name, CacheEntry.failed(failure, core.clock.millis() + Backoff.delayMillis(1,
                        core.settings.refresh)));
                return failure;
            });
        }
        return valueFor(name, f, required);
    }

    private static SecretValue valueFor(String name, Fetched f, boolean required) {
        if (f.value == null) {
            return notFound(name, f.tried, required);
        }
        try {
            return EngineCore.derive(name, f.value);
        } catch (SecretNotFoundException e) {
            if (!required) {
                return null;
            }
            throw e;
        }
    }

    private static SecretValue notFound(String name, List<String> tried, boolean required) {
        if (required) {
            throw new SecretNotFoundException(name, tried);
        }
        return null;
    }

    @Override
    public Map<String, SecretValue> getAll(Collection<String> names) {
        ensureOpen();
        return bulk.getAll(names);
    }

    @Override
    public SecretValue refresh(String name) {
        ensureOpen();
        SecretRef ref = SecretRef.parse(name);
        RefState st = core.state(ref.withoutField());
        st.names.add(name);
        return valueFor(name, core.load(st, true), true);
    }

    @Override
    public Subscription onRotation(String name, RotationListener listener) {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        SecretRef ref = SecretRef.parse(name);
        RefState st = core.state(ref.withoutField());
        ListenerLane lane = new ListenerLane(name, listener, core.threads.listeners);
        boolean known;
        synchronized (st) {
            st.names.add(name);
            CacheEntry e = core.cache.getIfPresent(name);
            lane.start(e == null ? null : e.value, e != null && e.notFoundIn != null);
            st.lanes.add(lane);
            known = e != null;
        }
        if (!known) {
            core.submitRefresh(st);
        }
        return new Subscription() {
            @Override
            public void cancel() {
                lane.cancel();
                st.lanes.remove(lane);
            }

            @Override
            public String toString() {
                return "Subscription[" + name + "]";
            }
        };
    }

    @Override
    public SecretValue put(String name, byte[] value) {
        ensureOpen();
        return writes.put(name, value);
    }

    @Override
    public SecretValue generate(String name, PasswordPolicy policy) {
        ensureOpen();
        return writes.generate(name, policy);
    }

    @Override
    public boolean delete(String name) {
        ensureOpen();
        return writes.delete(name);
    }

    private void ensureOpen() {
        if (core.closed) {
            throw new IllegalStateException("This SecretsClient is closed");
        }
    }

    @Override
    public void close() {
        if (core.closed) {
            return;
        }
        core.close();
        for (SecretProvider p : core.chain.providers) {
            ProviderResolver.closeQuietly(p);
        }
    }

    @Override
    public String toString() {
        return "SecretsClient[chain=" + core.chain.names + ", cached=" + core.cache.estimatedSize() + "]";
    }

    /** For tests: the names currently cached, never values. */
    List<String> cachedNames() {
        return List.copyOf(new java.util.TreeSet<>(core.cache.asMap().keySet()));
    }

    static Map<String, SecretValue> unmodifiable(Map<String, SecretValue> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    static SecretsException aggregate(Map<String, RuntimeException> errors, int total) {
        StringBuilder sb = new StringBuilder();
        sb.append(errors.size()).append(" of ").append(total).append(" secrets could not be read: ");
        boolean first = true;
        for (Map.Entry<String, RuntimeException> e : errors.entrySet()) {
            sb.append(first ? "" : "; ").append(e.getKey()).append(" (").append(e.getValue().getMessage()).append(')');
            first = false;
        }
        SecretsException ex = new SecretsException(sb.toString());
        errors.values().forEach(ex::addSuppressed);
        return ex;
    }
}
