package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.spi.FetchResult;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks providers in order. The first that has the secret answers. A provider that cannot
 * represent the name is skipped. A provider that fails stops the walk: answering from a later
 * provider could serve a different secret than the one the failing store holds.
 */
final class ProviderChain {

    final List<String> names;
    final List<SecretProvider> providers;

    ProviderChain(List<String> names, List<SecretProvider> providers) {
        this.names = List.copyOf(names);
        this.providers = List.copyOf(providers);
    }

    int size() {
        return providers.size();
    }

    Fetched fetch(SecretRef ref) {
        List<String> tried = new ArrayList<>(providers.size());
        for (int i = 0; i < providers.size(); i++) {
            tried.add(names.get(i));
            Optional<SecretValue> v;
            try {
                v = providers.get(i).fetch(ref);
            } catch (InvalidSecretNameException e) {
                continue;
            } catch (RuntimeException e) {
                throw wrap(i, ref, e);
            }
            if (v != null && v.isPresent()) {
                return Fetched.found(stamp(v.get(), ref.toString(), i), i);
            }
        }
        return Fetched.notFound(tried);
    }

    /** Bulk read through the chain: each provider gets, in one call, what earlier ones lacked. */
    Map<SecretRef, Object> fetchAll(Collection<SecretRef> refs) {
        Map<SecretRef, Object> out = new LinkedHashMap<>();
        Map<SecretRef, List<String>> tried = new LinkedHashMap<>();
        List<SecretRef> remaining = new ArrayList<>(refs);
        for (int i = 0; i < providers.size() && !remaining.isEmpty(); i++) {
            Map<SecretRef, FetchResult> results;
            try {
                results = providers.get(i).fetchAll(remaining);
            } catch (RuntimeException e) {
                for (SecretRef r : remaining) {
                    out.put(r, wrap(i, r, e));
                }
                return out;
            }
            List<SecretRef> next = new ArrayList<>();
            for (SecretRef r : remaining) {
                tried.computeIfAbsent(r, k -> new ArrayList<>()).add(names.get(i));
                FetchResult res = results.get(r);
                if (res == null) {
                    out.put(r, wrap(i, r, new ProviderUnavailableException(names.get(i),
                            "provider returned no result for '" + r + "' in a bulk read", null)));
                } else if (res.value().isPresent()) {
                    out.put(r, Fetched.found(stamp(res.value().get(), r.toString(), i), i));
                } else if (res.error().isPresent() && !(res.error().get() instanceof InvalidSecretNameException)) {
                    out.put(r, wrap(i, r, res.error().get()));
                } else {
                    next.add(r);
                }
            }
            remaining = next;
        }
        for (SecretRef r : remaining) {
            out.put(r, Fetched.notFound(tried.getOrDefault(r, names)));
        }
        return out;
    }

    /** The provider's value, named as asked and stamped with the provider's chain name. */
    private SecretValue stamp(SecretValue v, String name, int index) {
        if (v.name().equals(name) && v.provider().equals(names.get(index))) {
            return v;
        }
        return SecretValue.builder(name).value(v.asBytes()).version(v.version()).provider(names.get(index))
                .fetchedAt(v.fetchedAt()).stale(v.isStale()).build();
    }

    RuntimeException wrap(int index, SecretRef ref, RuntimeException e) {
        if (e instanceof SecretsException) {
            return e;
        }
        // A foreign exception's message is the provider's; keep it out of ours in case it quotes data.
        return new ProviderUnavailableException(names.get(index), "Provider '" + names.get(index) + "' failed reading '"
                + ref + "': " + e.getClass().getName(), e);
    }

    String providerName(RuntimeException e, int fallbackIndex) {
        if (e instanceof ProviderUnavailableException) {
            return ((ProviderUnavailableException) e).provider();
        }
        return fallbackIndex >= 0 ? names.get(fallbackIndex) : String.join(",", names);
    }
}
