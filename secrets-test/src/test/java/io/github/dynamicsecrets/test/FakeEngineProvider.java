package io.github.dynamicsecrets.test;

import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.RotationListener;
import io.github.dynamicsecrets.SecretNotFoundException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.Subscription;
import io.github.dynamicsecrets.spi.EngineProvider;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the engine SPI, registered only in this module's test resources, so the
 * extension can be tested without secrets-core (which depends on this module). It reads
 * straight through the providers, in order; no cache.
 */
public final class FakeEngineProvider implements EngineProvider {

    static final List<FakeClient> CREATED = new CopyOnWriteArrayList<>();

    @Override
    public SecretsClient createFromEnvironment() {
        throw new UnsupportedOperationException("the fake engine is only created with explicit properties");
    }

    @Override
    public SecretsClient create(Map<String, String> properties, Map<String, SecretProvider> providers) {
        FakeClient client = new FakeClient(Map.copyOf(properties), new ArrayList<>(providers.values()));
        CREATED.add(client);
        return client;
    }

    static final class FakeClient implements SecretsClient {
        final Map<String, String> properties;
        final List<SecretProvider> providers;
        volatile boolean closed;

        FakeClient(Map<String, String> properties, List<SecretProvider> providers) {
            this.properties = properties;
            this.providers = providers;
        }

        @Override
        public SecretValue get(String name) {
            return find(name).orElseThrow(() -> new SecretNotFoundException(name, List.of("memory")));
        }

        @Override
        public Optional<SecretValue> find(String name) {
            for (SecretProvider p : providers) {
                Optional<SecretValue> v = p.fetch(SecretRef.parse(name));
                if (v.isPresent()) {
                    return v;
                }
            }
            return Optional.empty();
        }

        @Override
        public Map<String, SecretValue> getAll(Collection<String> names) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SecretValue refresh(String name) {
            return get(name);
        }

        @Override
        public Subscription onRotation(String name, RotationListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SecretValue put(String name, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SecretValue generate(String name, PasswordPolicy policy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
            providers.forEach(SecretProvider::close);
        }
    }
}
