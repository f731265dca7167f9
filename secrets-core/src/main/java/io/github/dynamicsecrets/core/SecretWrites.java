package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.WritableSecretProvider;
import java.util.Arrays;
import java.util.Objects;

/**
 * Self-service writes: to the first writable provider of the chain. After a write the engine
 * reads the secret again through the chain (if anyone reads it), so the cache and listeners see
 * the new version at once.
 */
final class SecretWrites {

    private final EngineCore core;

    SecretWrites(EngineCore core) {
        this.core = core;
    }

    SecretValue put(String name, byte[] value) {
        Objects.requireNonNull(value, "value");
        SecretRef ref = plainPath(name);
        int index = firstWritable(name);
        WritableSecretProvider w = (WritableSecretProvider) core.chain.providers.get(index);
        SecretValue stored;
        try {
            stored = w.put(ref, value);
        } catch (RuntimeException e) {
            throw core.chain.wrap(index, ref, e);
        }
        Audit.written("put", ref.toString(), core.chain.names.get(index), stored.version());
        reloadIfTracked(ref);
        return stored.toBuilder().provider(core.chain.names.get(index)).build();
    }

    SecretValue generate(String name, PasswordPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        SecretRef ref = plainPath(name);
        int index = firstWritable(name);
        byte[] password;
        try {
            password = ((WritableSecretProvider) core.chain.providers.get(index)).randomPassword(policy);
        } catch (RuntimeException e) {
            throw core.chain.wrap(index, ref, e);
        }
        try {
            return put(name, password);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    boolean delete(String name) {
        SecretRef ref = plainPath(name);
        firstWritable(name);
        for (int i = 0; i < core.chain.size(); i++) {
            SecretProvider p = core.chain.providers.get(i);
            if (p instanceof WritableSecretProvider) {
                boolean had;
                try {
                    had = ((WritableSecretProvider) p).delete(ref);
                } catch (RuntimeException e) {
                    throw core.chain.wrap(i, ref, e);
                }
                if (had) {
                    Audit.written("deleted", ref.toString(), core.chain.names.get(i), "-");
                    core.disk.delete(core.chain.names.get(i), ref);
                    reloadIfTracked(ref);
                    return true;
                }
            }
        }
        return false;
    }

    private void reloadIfTracked(SecretRef ref) {
        RefState st = core.states.get(ref.toString());
        if (st != null) {
            try {
                core.load(st, true);
            } catch (RuntimeException e) {
                // the write succeeded; the background schedule will retry the read
            }
        }
    }

    private static SecretRef plainPath(String name) {
        SecretRef ref = SecretRef.parse(name);
        if (ref.version() != null || ref.field() != null) {
            throw new InvalidSecretNameException(name, "a write takes a plain path, without '@version' or '#field'");
        }
        return ref;
    }

    private int firstWritable(String name) {
        for (int i = 0; i < core.chain.size(); i++) {
            if (core.chain.providers.get(i) instanceof WritableSecretProvider) {
                return i;
            }
        }
        throw new SecretsConfigurationException("secrets.chain", "Cannot write secret '" + name
                + "': no provider in the chain " + core.chain.names + " is writable; add one that is, such as file or aws");
    }
}
