package io.github.dynamicsecrets.provider.aws.fake;

import com.google.gson.JsonObject;
import io.github.dynamicsecrets.provider.aws.fake.AwsJsonServer.AwsError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A KMS-compatible server for tests ({@code TrentService} JSON 1.1): Encrypt and Decrypt with
 * symmetric keys, real AES-256-GCM inside, the encryption context bound as associated data, and
 * the documented errors (NotFoundException, DisabledException, IncorrectKeyException,
 * InvalidCiphertextException). Keys are found by id, key ARN, alias name or alias ARN.
 * Thread-safe.
 */
public final class FakeKms extends AwsJsonServer {

    public static final String ACCESS_KEY_ID = "AKIDFAKEKMS000000001";
    public static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";

    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Map<String, Boolean> disabled = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public FakeKms() {
        super("TrentService", "kms", ACCESS_KEY_ID, REGION, "message");
        start();
    }

    /** The {@code secrets.provider.aws.*} keys that point the aws-kms key-encryption key at this fake. */
    public java.util.Map<String, String> clientProperties() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("secrets.provider.aws.kms.endpoint", endpoint().toString());
        m.put("secrets.provider.aws.region", REGION);
        m.put("secrets.provider.aws.access-key-id", ACCESS_KEY_ID);
        m.put("secrets.provider.aws.secret-access-key", "kms-test-secret-key");
        return m;
    }

    /** Creates a key, optionally with an alias such as {@code alias/cache}; returns its ARN. */
    public String createKey(String alias) {
        try {
            KeyGenerator gen = KeyGenerator.getInstance("AES");
            gen.init(256);
            String id = UUID.randomUUID().toString();
            keys.put(id, gen.generateKey());
            if (alias != null) {
                aliases.put(alias, id);
            }
            return arn(id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public void disable(String keyArn) {
        disabled.put(keyArn.substring(keyArn.lastIndexOf('/') + 1), true);
    }

    private static String arn(String id) {
        return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
    }

    @Override
    protected JsonObject handle(String op, JsonObject in) {
        switch (op) {
            case "Encrypt": return encrypt(in);
            case "Decrypt": return decrypt(in);
            default: throw AwsError.of("UnknownOperationException", "Unknown operation " + op);
        }
    }

    private JsonObject encrypt(JsonObject in) {
        String id = resolve(string(in, "KeyId"));
        byte[] plaintext = Base64.getDecoder().decode(string(in, "Plaintext"));
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, id, iv, plaintext, context(in));
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(1 + idBytes.length + iv.length + sealed.length);
        blob.put((byte) idBytes.length).put(idBytes).put(iv).put(sealed);
        JsonObject out = new JsonObject();
        out.addProperty("CiphertextBlob", Base64.getEncoder().encodeToString(blob.array()));
        out.addProperty("KeyId", arn(id));
        out.addProperty("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return out;
    }

    private JsonObject decrypt(JsonObject in) {
        byte[] blob = Base64.getDecoder().decode(string(in, "CiphertextBlob"));
        String id;
        byte[] iv = new byte[12];
        byte[] sealed;
        try {
            ByteBuffer b = ByteBuffer.wrap(blob);
            byte[] idBytes = new byte[b.get()];
            b.get(idBytes);
            id = new String(idBytes, StandardCharsets.US_ASCII);
            b.get(iv);
            sealed = new byte[b.remaining()];
            b.get(sealed);
        } catch (RuntimeException e) {
            throw AwsError.of("InvalidCiphertextException", null);
        }
        if (!keys.containsKey(id)) {
            throw AwsError.of("InvalidCiphertextException", null);
        }
        if (in.has("KeyId") && !resolve(string(in, "KeyId")).equals(id)) {
            throw AwsError.of("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        checkEnabled(id);
        byte[] plaintext = crypt(Cipher.DECRYPT_MODE, id, iv, sealed, context(in));
        JsonObject out = new JsonObject();
        out.addProperty("Plaintext", Base64.getEncoder().encodeToString(plaintext));
        out.addProperty("KeyId", arn(id));
        out.addProperty("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return out;
    }

    private byte[] crypt(int mode, String id, byte[] iv, byte[] input, byte[] aad) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, keys.get(id), new GCMParameterSpec(128, iv));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw AwsError.of("InvalidCiphertextException", null);
        }
    }

    /** Sorted, so the same context in any key order binds the same bytes. */
    private static byte[] context(JsonObject in) {
        Map<String, String> sorted = new TreeMap<>();
        if (in.has("EncryptionContext")) {
            in.getAsJsonObject("EncryptionContext").entrySet().forEach(e -> sorted.put(e.getKey(), e.getValue().getAsString()));
        }
        return sorted.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String resolve(String keyId) {
        String id = keyId;
        if (id.startsWith("arn:")) {
            String[] parts = id.split(":", 6); // arn:aws:kms:<region>:<account>:<key/id or alias/name>
            id = parts.length == 6 ? parts[5] : id;
        }
        if (id.startsWith("alias/")) {
            String target = aliases.get(id);
            if (target == null) {
                throw AwsError.of("NotFoundException", "Alias " + keyId + " is not found.");
            }
            id = target;
        } else if (id.startsWith("key/")) {
            id = id.substring(4);
        }
        if (!keys.containsKey(id)) {
            throw AwsError.of("NotFoundException", "Key '" + keyId + "' does not exist");
        }
        checkEnabled(id);
        return id;
    }

    private void checkEnabled(String id) {
        if (disabled.containsKey(id)) {
            throw AwsError.of("DisabledException", arn(id) + " is disabled.");
        }
    }

    private static String string(JsonObject in, String key) {
        if (!in.has(key)) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value null at '" + key
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return in.get(key).getAsString();
    }
}
