package io.github.dynamicsecrets.core;

import com.google.crypto.tink.Aead;
import io.github.dynamicsecrets.spi.KeyEncryptionKey;
import java.security.GeneralSecurityException;

/**
 * A KMS key-encryption key seen as a Tink {@link Aead}, so Tink can unwrap an encrypted keyset
 * with it. The KMS's own failure travels as the cause; its message (value-free by the SPI's
 * contract) is kept, and nothing else is added.
 */
final class KekAead implements Aead {

    private final KeyEncryptionKey kek;

    KekAead(KeyEncryptionKey kek) {
        this.kek = kek;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return kek.encrypt(plaintext, associatedData);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("key-encryption key refused to encrypt (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return kek.decrypt(ciphertext, associatedData);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("key-encryption key refused to decrypt (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "KekAead[" + kek.getClass().getName() + "]";
    }
}
