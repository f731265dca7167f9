package io.github.dynamicsecrets.spi;

import io.github.dynamicsecrets.SecretValue;
import java.util.Objects;
import java.util.Optional;

/** One reference's outcome in a {@link SecretProvider#fetchAll} batch. Immutable. */
public final class FetchResult {

    private static final FetchResult NOT_FOUND = new FetchResult(null, null);

    private final SecretValue value;
    private final RuntimeException error;

    private FetchResult(SecretValue value, RuntimeException error) {
        this.value = value;
        this.error = error;
    }

    /**
     * The store had it.
     *
     * @param value the value read
     * @return a found outcome
     */
    public static FetchResult found(SecretValue value) {
        return new FetchResult(Objects.requireNonNull(value, "value"), null);
    }

    /**
     * The store does not have it.
     *
     * @return the not-found outcome
     */
    public static FetchResult notFound() {
        return NOT_FOUND;
    }

    /**
     * Reading it failed.
     *
     * @param error the failure, as the single-secret {@code fetch} would have thrown it
     * @return a failed outcome
     */
    public static FetchResult failed(RuntimeException error) {
        return new FetchResult(null, Objects.requireNonNull(error, "error"));
    }

    /**
     * The value, if found.
     *
     * @return the value, or empty for not found and failed
     */
    public Optional<SecretValue> value() {
        return Optional.ofNullable(value);
    }

    /**
     * The failure, if failed.
     *
     * @return the failure, or empty
     */
    public Optional<RuntimeException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return value != null ? "found(" + value.version() + ")" : error != null ? "failed(" + error.getClass().getSimpleName() + ")" : "notFound";
    }
}
