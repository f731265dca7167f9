package io.github.dynamicsecrets.spi;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One secret store. The engine calls it from several threads at once, so implementations must
 * be thread-safe; the engine itself caches, retries with backoff and single-flights, so a
 * provider should do one store call per method call and not cache.
 *
 * <p>References passed in never carry a field ({@code #...}): the engine extracts JSON fields
 * itself. They may carry a version ({@code @...}). A provider maps the path to its own naming
 * and documents that mapping; a path it cannot represent raises
 * {@link io.github.dynamicsecrets.InvalidSecretNameException}.
 *
 * <p>Errors: {@link io.github.dynamicsecrets.SecretAccessDeniedException} for permission and
 * disabled-secret refusals, {@link io.github.dynamicsecrets.ProviderUnavailableException} for
 * outages, throttling and timeouts (the engine then serves a cached value); never a secret's
 * value in a message.
 */
public interface SecretProvider extends AutoCloseable {

    /**
     * Reads a secret.
     *
     * @param ref the path and optional version
     * @return the value, or empty if the store does not have it (or not that version)
     */
    Optional<SecretValue> fetch(SecretRef ref);

    /**
     * The current version id, as cheaply as the store allows (metadata only where possible).
     * Used by the rotation poller. The default fetches the whole value.
     *
     * @param ref the path and optional version
     * @return the version, or empty if the secret does not exist
     */
    default Optional<String> version(SecretRef ref) {
        return fetch(ref).map(SecretValue::version);
    }

    /**
     * Version checks for many secrets, batched where the store allows. A reference missing from
     * the result could not be checked this time (the engine retries on the next poll); one
     * mapped to empty does not exist. The default calls {@link #version} for each.
     *
     * @param refs the references to check
     * @return versions by reference
     */
    default Map<SecretRef, Optional<String>> versions(Collection<SecretRef> refs) {
        Map<SecretRef, Optional<String>> out = new LinkedHashMap<>();
        for (SecretRef ref : refs) {
            out.put(ref, version(ref));
        }
        return out;
    }

    /**
     * Reads many secrets, in bulk where the store allows. The default calls {@link #fetch} for
     * each and records per-reference outcomes.
     *
     * @param refs the references to read
     * @return one outcome for every reference
     */
    default Map<SecretRef, FetchResult> fetchAll(Collection<SecretRef> refs) {
        Map<SecretRef, FetchResult> out = new LinkedHashMap<>();
        for (SecretRef ref : refs) {
            try {
                out.put(ref, fetch(ref).map(FetchResult::found).orElse(FetchResult.notFound()));
            } catch (RuntimeException e) {
                out.put(ref, FetchResult.failed(e));
            }
        }
        return out;
    }

    /**
     * Starts pushing changes, if the store can. The provider calls {@code sink} with a path
     * (no selectors) whenever the secret at that path may have changed; the engine then reads
     * it again. Extra calls are harmless. Stopped by {@link #close()}.
     *
     * @param sink where to report changes; thread-safe
     * @return {@code true} if changes will be pushed, {@code false} if the engine must poll
     */
    default boolean watch(ChangeSink sink) {
        return false;
    }

    /** Releases connections, threads and watches. Idempotent. */
    @Override
    default void close() {}
}
