package io.github.dynamicsecrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsFacadeTest {

    @AfterEach
    void reset() {
        Secrets.resetForTesting();
    }

    @Test
    void get_withNoEngineOnClassPath_namesTheArtifactToAdd() {
        assertThatThrownBy(() -> Secrets.get("db/password"))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("No secrets engine found on the class path: add the dependency"
                        + " io.github.dynamicsecrets:secrets-core (secrets-api holds only the interfaces)");
    }

    @Test
    void set_bindsOnceAndRefusesASecondClient() {
        SecretsClient first = new UnusableClient();
        Secrets.set(first);
        assertThat(Secrets.client()).isSameAs(first);
        assertThatThrownBy(() -> Secrets.set(new UnusableClient()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Secrets already has a client");
        assertThat(Secrets.resetForTesting()).isSameAs(first);
    }

    /** A client that is only ever bound, never used. */
    private static final class UnusableClient implements SecretsClient {
        @Override
        public SecretValue get(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<SecretValue> find(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Map<String, SecretValue> getAll(java.util.Collection<String> names) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SecretValue refresh(String name) {
            throw new UnsupportedOperationException();
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
        public void close() {}
    }
}
