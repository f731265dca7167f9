package io.github.dynamicsecrets.test;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.spi.ChangeSink;
import io.github.dynamicsecrets.spi.WritableSecretProvider;
import java.util.List;
import java.util.Optional;

/** Passes every call to an in-memory store; tests override one method to break the provider on purpose. */
class DelegatingProvider implements WritableSecretProvider {

    final InMemorySecretProvider store;

    DelegatingProvider(InMemorySecretProvider store) {
        this.store = store;
    }

    @Override
    public Optional<SecretValue> fetch(SecretRef ref) {
        return store.fetch(ref);
    }

    @Override
    public Optional<String> version(SecretRef ref) {
        return store.version(ref);
    }

    @Override
    public SecretValue put(SecretRef ref, byte[] value) {
        return store.put(ref, value);
    }

    @Override
    public boolean delete(SecretRef ref) {
        return store.delete(ref);
    }

    @Override
    public List<String> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public boolean watch(ChangeSink sink) {
        return store.watch(sink);
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "DelegatingProvider[" + store + "]";
    }
}
