package io.github.dynamicsecrets.test.contract;

import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import io.github.dynamicsecrets.test.SecretProviderContract;

/** In another package than the contract, as every provider's test is. */
class InMemorySecretProviderContractTest extends SecretProviderContract {

    private InMemorySecretProvider store;

    @Override
    protected SecretProvider createProvider() {
        store = new InMemorySecretProvider();
        return store;
    }

    @Override
    protected void storeSecret(String path, byte[] value) {
        store.put(path, value);
    }

    @Override
    protected void removeSecret(String path) {
        store.delete(path);
    }
}
