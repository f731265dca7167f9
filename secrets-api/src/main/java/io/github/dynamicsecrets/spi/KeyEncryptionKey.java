package io.github.dynamicsecrets.spi;

/**
 * A key held outside the process (in a KMS) that wraps the disk cache's keyset, so the keyset
 * file on disk is useless without the KMS. Thread-safe. Implementations put neither plaintext
 * nor ciphertext into exception messages.
 */
public interface KeyEncryptionKey extends AutoCloseable {

    /**
     * Encrypts (wraps) key material.
     *
     * @param plaintext the bytes to wrap
     * @param associatedData bound to the ciphertext; the same bytes are needed to decrypt
     * @return the ciphertext
     * @throws io.github.dynamicsecrets.SecretsException if the KMS refuses or is unreachable
     */
    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    /**
     * Decrypts (unwraps) key material.
     *
     * @param ciphertext what {@link #encrypt} returned
     * @param associatedData the bytes given to {@link #encrypt}
     * @return the plaintext
     * @throws io.github.dynamicsecrets.SecretsException if the ciphertext or associated data was
     *     altered, the key is wrong, or the KMS refuses or is unreachable
     */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData);

    /** Releases the KMS client and its credentials; the engine calls it when the cache closes. */
    @Override
    default void close() {}
}
