package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.Secrets;
import io.github.dynamicsecrets.SecretsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsFacadeBindingTest {

    @AfterEach
    void unbind() {
        SecretsClient c = Secrets.resetForTesting();
        if (c != null) {
            c.close();
        }
        System.clearProperty("secrets.chain");
    }

    @Test
    void facade_bindsToThisEngineThroughServiceLoader_andReadsTheEnvironment() {
        System.setProperty("secrets.chain", "memory");
        assertThat(Secrets.find("not/there")).isEmpty();
        assertThat(Secrets.client().toString()).startsWith("SecretsClient[chain=[memory]");
        assertThat(Secrets.client()).isSameAs(Secrets.client());
    }
}
