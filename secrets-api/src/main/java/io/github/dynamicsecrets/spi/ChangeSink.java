package io.github.dynamicsecrets.spi;

/** Where a watching {@link SecretProvider} reports changes. Thread-safe. */
@FunctionalInterface
public interface ChangeSink {

    /**
     * The secret at {@code path} may have changed or been deleted.
     *
     * @param path a path without selectors, for example {@code db/password}
     */
    void changed(String path);
}
