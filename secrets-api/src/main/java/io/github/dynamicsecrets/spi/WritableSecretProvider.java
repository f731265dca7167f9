package io.github.dynamicsecrets.spi;

import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.security.SecureRandom;
import java.util.List;

/**
 * A store the application may write to, for self-service secrets: create, rotate, delete. The
 * references passed in carry only a path. Thread-safe, like every provider.
 */
public interface WritableSecretProvider extends SecretProvider {

    /**
     * Writes a new version, creating the secret if needed.
     *
     * @param ref the path
     * @param value the bytes to store; the provider must not keep the array
     * @return the stored value with its new version
     */
    SecretValue put(SecretRef ref, byte[] value);

    /**
     * Deletes a secret (recoverably, where the store supports a recovery window).
     *
     * @param ref the path
     * @return {@code true} if it existed
     */
    boolean delete(SecretRef ref);

    /**
     * Lists the paths the store holds under a prefix.
     *
     * @param prefix a path prefix such as {@code db/}, or empty for all
     * @return canonical paths, sorted
     */
    List<String> list(String prefix);

    /**
     * Makes a random password. Stores that generate server-side override this; the default
     * generates in process with {@link SecureRandom}.
     *
     * @param policy the rules
     * @return the password as ASCII bytes
     */
    default byte[] randomPassword(PasswordPolicy policy) {
        return policy.generate(new SecureRandom());
    }
}
