package io.github.dynamicsecrets.core;

import com.google.crypto.tink.Aead;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The disk cache's file format. One file per secret and provider:
 * <pre>
 *   file    = "DSC" 0x01  tink-ciphertext
 *   AD      = "dynamic-secrets/disk-cache/v1" 0x00 provider 0x00 canonical-name   (UTF-8)
 *   payload = 0x01  fetchedAt-seconds(int64)  fetchedAt-nanos(int32)  version(modified UTF-8)
 *             value-length(int32)  value
 * </pre>
 * The associated data binds a ciphertext to its provider and name, so a file copied or renamed
 * to another secret's name fails authentication. File names are
 * {@code hex(HMAC-SHA256(nameKey, "v1" 0x00 provider 0x00 name)) + ".dsc"}: stable for one cache
 * directory, meaningless without the name key, which is stored in the directory wrapped by the
 * keyset (see {@link #wrapNameKey}), so it survives key rotation. Thread-safe.
 */
final class DiskEntryCodec {

    static final String SUFFIX = ".dsc";
    static final String NAME_KEY_FILE = "name-key";
    private static final byte[] MAGIC = {'D', 'S', 'C', 1};
    private static final byte[] NAME_KEY_MAGIC = {'D', 'S', 'K', 1};
    private static final byte[] NAME_KEY_AD = "dynamic-secrets/disk-cache/name-key/v1".getBytes(StandardCharsets.UTF_8);
    private static final String AD_PREFIX = "dynamic-secrets/disk-cache/v1";
    private static final byte PAYLOAD_FORMAT = 1;
    private static final int NAME_KEY_BYTES = 32;

    private final Aead aead;
    private final SecretKeySpec nameKey;

    DiskEntryCodec(Aead aead, byte[] nameKey) {
        this.aead = aead;
        this.nameKey = new SecretKeySpec(nameKey, "HmacSHA256");
    }

    /** A fresh random name key, wrapped for the {@link #NAME_KEY_FILE}. */
    static byte[] newWrappedNameKey(Aead aead) throws GeneralSecurityException {
        byte[] key = new byte[NAME_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            return concat(NAME_KEY_MAGIC, aead.encrypt(key, NAME_KEY_AD));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The name key from the {@link #NAME_KEY_FILE}; fails if another keyset wrapped it. */
    static byte[] unwrapNameKey(Aead aead, byte[] file) throws GeneralSecurityException {
        if (!hasPrefix(file, NAME_KEY_MAGIC)) {
            throw new GeneralSecurityException("not a name key file");
        }
        byte[] key = aead.decrypt(Arrays.copyOfRange(file, NAME_KEY_MAGIC.length, file.length), NAME_KEY_AD);
        if (key.length != NAME_KEY_BYTES) {
            throw new GeneralSecurityException("name key has the wrong length");
        }
        return key;
    }

    /** The file name for a secret of a provider; reveals neither. */
    String fileName(String provider, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(nameKey);
            byte[] h = mac.doFinal(("v1\0" + provider + "\0" + name).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(h.length * 2 + SUFFIX.length());
            for (byte b : h) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.append(SUFFIX).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JRE", e);
        }
    }

    static boolean isEntryFileName(String fileName) {
        return fileName.length() == 64 + SUFFIX.length() && fileName.endsWith(SUFFIX);
    }

    static byte[] associatedData(String provider, String name) {
        return (AD_PREFIX + "\0" + provider + "\0" + name).getBytes(StandardCharsets.UTF_8);
    }

    byte[] encode(String provider, SecretRef ref, SecretValue value) throws GeneralSecurityException {
        byte[] bytes = value.asBytes();
        byte[] payload = null;
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(bytes.length + 64);
            DataOutputStream out = new DataOutputStream(buf);
            out.writeByte(PAYLOAD_FORMAT);
            out.writeLong(value.fetchedAt().getEpochSecond());
            out.writeInt(value.fetchedAt().getNano());
            out.writeUTF(value.version());
            out.writeInt(bytes.length);
            out.write(bytes);
            payload = buf.toByteArray();
            return concat(MAGIC, aead.encrypt(payload, associatedData(provider, ref.toString())));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (payload != null) {
                Arrays.fill(payload, (byte) 0);
            }
        }
    }

    /**
     * Decrypts and parses a file.
     *
     * @throws GeneralSecurityException if the file is not intact, belongs to another secret or
     *     provider, or was written under another keyset
     */
    SecretValue decode(String provider, SecretRef ref, byte[] file) throws GeneralSecurityException {
        if (!hasPrefix(file, MAGIC)) {
            throw new GeneralSecurityException("bad header");
        }
        byte[] payload = aead.decrypt(Arrays.copyOfRange(file, MAGIC.length, file.length),
                associatedData(provider, ref.toString()));
        byte[] value = null;
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            if (in.readByte() != PAYLOAD_FORMAT) {
                throw new GeneralSecurityException("unknown payload format");
            }
            Instant fetchedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String version = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length != in.available()) {
                throw new GeneralSecurityException("bad payload length");
            }
            value = new byte[length];
            in.readFully(value);
            return SecretValue.builder(ref.toString()).value(value).version(version).provider(provider)
                    .fetchedAt(fetchedAt).build();
        } catch (IOException | RuntimeException e) {
            // authenticated but unparsable: only a writer with our key could produce it; treat alike
            throw new GeneralSecurityException("malformed payload (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(payload, (byte) 0);
            if (value != null) {
                Arrays.fill(value, (byte) 0);
            }
        }
    }

    private static boolean hasPrefix(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
