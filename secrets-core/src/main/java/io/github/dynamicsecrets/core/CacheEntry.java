package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretValue;
import java.util.List;

/**
 * What the memory cache holds for one requested name. Immutable: a change replaces the entry,
 * so a reader sees one whole state. Exactly one of value, notFoundIn and failure is set.
 */
final class CacheEntry {

    /** The value to serve; hits read only this field. */
    final SecretValue value;
    /** Providers that said "not found", for a negative entry. */
    final List<String> notFoundIn;
    /** For a negative or failed entry: when to ask the stores again (engine clock, millis). */
    final long expiresAtMillis;
    /** The error to throw once the last good value is older than max-stale. */
    final RuntimeException failure;

    private CacheEntry(SecretValue value, List<String> notFoundIn, long expiresAtMillis, RuntimeException failure) {
        this.value = value;
        this.notFoundIn = notFoundIn;
        this.expiresAtMillis = expiresAtMillis;
        this.failure = failure;
    }

    static CacheEntry found(SecretValue value) {
        return new CacheEntry(value, null, Long.MAX_VALUE, null);
    }

    static CacheEntry notFound(List<String> tried, long expiresAtMillis) {
        return new CacheEntry(null, List.copyOf(tried), expiresAtMillis, null);
    }

    /** An error to throw, without asking the stores again, until {@code retryAtMillis}. */
    static CacheEntry failed(RuntimeException failure, long retryAtMillis) {
        return new CacheEntry(null, null, retryAtMillis, failure);
    }

    @Override
    public String toString() {
        return value != null ? "found(" + value.version() + ")" : notFoundIn != null ? "notFound" : "failed";
    }
}
