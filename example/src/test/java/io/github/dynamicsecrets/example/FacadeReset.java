package io.github.dynamicsecrets.example;

import io.github.dynamicsecrets.Secrets;
import io.github.dynamicsecrets.SecretsClient;

/** Leaves the process-wide facade as a test found it: unbound, with no configuration set. */
final class FacadeReset {

    private FacadeReset() {}

    static void unbindAndClearConfiguration() {
        SecretsClient c = Secrets.resetForTesting();
        if (c != null) {
            c.close();
        }
        System.clearProperty("secrets.chain");
        System.clearProperty("secrets.provider.file.roots");
    }
}
