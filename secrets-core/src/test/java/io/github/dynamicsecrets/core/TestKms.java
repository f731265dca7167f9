package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.spi.KeyEncryptionKey;
import io.github.dynamicsecrets.spi.KeyEncryptionKeyFactory;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A KMS for tests, registered only in test resources: {@code test-kms://<key-name>} is a real
 * AES-256-GCM key held in this JVM, one per name, so a wrong key name is a wrong key. The name
 * {@code unreachable} behaves like a KMS that cannot be reached.
 */
public final class TestKms implements KeyEncryptionKeyFactory {

    static final String SCHEME = "test-kms";
    private static final Map<String, SecretKey> KEYS = new ConcurrentHashMap<>();
    static final AtomicInteger DECRYPTS = new AtomicInteger();

    /** ServiceLoader calls this. */
    public TestKms() {}

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyEncryptionKey create(String uri, ProviderConfig config) {
        String prefix = SCHEME + "://";
        if (!uri.startsWith(prefix) || uri.length() == prefix.length()) {
            throw new SecretsConfigurationException("secrets.cache.disk.keyset", "test-kms URI needs a key name: " + uri);
        }
        String name = uri.substring(prefix.length());
        return new Kek(name);
    }

    static String uri(String keyName) {
        return SCHEME + "://" + keyName;
    }

    private static SecretKey key(String name) {
        return KEYS.computeIfAbsent(name, n -> {
            try {
                KeyGenerator g = KeyGenerator.getInstance("AES");
                g.init(256);
                return g.generateKey();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static final class Kek implements KeyEncryptionKey {
        private final String name;

        Kek(String name) {
            this.name = name;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
            reachable();
            try {
                byte[] iv = new byte[12];
                new SecureRandom().nextBytes(iv);
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key(name), new GCMParameterSpec(128, iv));
                c.updateAAD(associatedData);
                byte[] ct = c.doFinal(plaintext);
                byte[] out = Arrays.copyOf(iv, iv.length + ct.length);
                System.arraycopy(ct, 0, out, iv.length, ct.length);
                return out;
            } catch (GeneralSecurityException e) {
                throw new SecretsException("test-kms: encryption failed");
            }
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
            reachable();
            DECRYPTS.incrementAndGet();
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key(name), new GCMParameterSpec(128, ciphertext, 0, 12));
                c.updateAAD(associatedData);
                return c.doFinal(ciphertext, 12, ciphertext.length - 12);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new SecretsException("test-kms: decryption with key '" + name + "' failed");
            }
        }

        private void reachable() {
            if (name.equals("unreachable")) {
                throw new ProviderUnavailableException("test-kms", "test-kms: the KMS cannot be reached", null);
            }
        }
    }
}
