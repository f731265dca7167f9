package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretNotFoundException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code getAll}: hits from the cache, all misses in one bulk call per provider. */
final class BulkReader {

    private final EngineCore core;

    BulkReader(EngineCore core) {
        this.core = core;
    }

    Map<String, SecretValue> getAll(Collection<String> names) {
        Map<String, SecretValue> out = new LinkedHashMap<>();
        Map<String, RuntimeException> errors = new LinkedHashMap<>();
        Map<SecretRef, List<String>> misses = new LinkedHashMap<>();
        for (String name : names) {
            try {
                SecretRef ref = SecretRef.parse(name);
                CacheEntry e = core.cache.getIfPresent(name);
                if (e != null && e.value != null) {
                    out.put(name, e.value);
                } else if (e != null && core.clock.millis() < e.expiresAtMillis) {
                    errors.put(name, e.notFoundIn != null ? new SecretNotFoundException(name, e.notFoundIn) : e.failure);
                } else {
                    misses.computeIfAbsent(ref.withoutField(), k -> new ArrayList<>()).add(name);
                }
            } catch (RuntimeException e) {
                errors.put(name, e);
            }
        }
        if (!misses.isEmpty()) {
            Map<SecretRef, Object> results = core.chain.fetchAll(misses.keySet());
            misses.forEach((ref, wanted) -> collect(ref, wanted, results.get(ref), out, errors));
        }
        if (!errors.isEmpty()) {
            throw SecretsEngineClient.aggregate(errors, names.size());
        }
        Map<String, SecretValue> ordered = new LinkedHashMap<>();
        for (String name : names) {
            ordered.put(name, out.get(name));
        }
        return SecretsEngineClient.unmodifiable(ordered);
    }

    private void collect(SecretRef ref, List<String> wanted, Object result, Map<String, SecretValue> out,
            Map<String, RuntimeException> errors) {
        RefState st = core.state(ref);
        st.names.addAll(wanted);
        Fetched f;
        if (result instanceof Fetched) {
            f = (Fetched) result;
            core.apply(st, f, core.clock.millis());
        } else {
            RuntimeException failure = (RuntimeException) result;
            core.onFailure(st, failure);
            Optional<Fetched> disk = core.fromDisk(st);
            if (disk.isEmpty()) {
                wanted.forEach(n -> errors.put(n, failure));
                return;
            }
            f = disk.get();
        }
        for (String name : wanted) {
            try {
                if (f.value == null) {
                    throw new SecretNotFoundException(name, f.tried);
                }
                out.put(name, EngineCore.derive(name, f.value));
            } catch (RuntimeException e) {
                errors.put(name, e);
            }
        }
    }
}
