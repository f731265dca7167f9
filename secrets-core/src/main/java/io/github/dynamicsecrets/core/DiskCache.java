package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.util.Optional;

/**
 * A persistent second level under the memory cache, used to start and keep serving while a store
 * is down. Implementations are thread-safe and never throw from these methods: a broken cache
 * is bypassed, never a reason to fail a read.
 */
interface DiskCache extends AutoCloseable {

    /** The last good value this provider gave for {@code ref}, if one is stored and intact. */
    Optional<SecretValue> read(String provider, SecretRef ref);

    /** Stores a good value; may run in the background. */
    void write(String provider, SecretRef ref, SecretValue value);

    /** Forgets a secret, after a delete. */
    void delete(String provider, SecretRef ref);

    @Override
    void close();

    /** No disk cache: {@code secrets.cache.disk.enabled=false}. */
    DiskCache DISABLED = new DiskCache() {
        @Override
        public Optional<SecretValue> read(String provider, SecretRef ref) {
            return Optional.empty();
        }

        @Override
        public void write(String provider, SecretRef ref, SecretValue value) {}

        @Override
        public void delete(String provider, SecretRef ref) {}

        @Override
        public void close() {}
    };
}
