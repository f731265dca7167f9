package io.github.dynamicsecrets.core;

import com.google.crypto.tink.Aead;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The content of a {@code local} provider's file: every secret with its recent versions. Immutable;
 * a change makes a new document. The file holds it encrypted:
 * <pre>
 *   file      = {"format":"dynamic-secrets-local/1","ciphertext":"&lt;base64 of Tink AEAD ciphertext&gt;"}
 *   AD        = "dynamic-secrets-local/1"
 *   plaintext = {"next":7,"secrets":{"db/password":[{"version":"6","created":"...","value":"&lt;base64&gt;"}, ...]}}
 * </pre>
 * Versions are numbers from one counter for the whole file, so a version is never reused, not
 * even after a delete. The newest version of a secret is last.
 */
final class LocalStoreDocument {

    static final String FORMAT = "dynamic-secrets-local/1";
    private static final byte[] AD = FORMAT.getBytes(StandardCharsets.UTF_8);

    /** One stored version. */
    static final class Version {
        final String id;
        final Instant created;
        private final byte[] value;

        Version(String id, Instant created, byte[] value) {
            this.id = id;
            this.created = created;
            this.value = value;
        }

        byte[] value() {
            return value.clone();
        }
    }

    static final LocalStoreDocument EMPTY = new LocalStoreDocument(1, Map.of());

    private final long next;
    private final Map<String, List<Version>> secrets;

    private LocalStoreDocument(long next, Map<String, List<Version>> secrets) {
        this.next = next;
        this.secrets = secrets;
    }

    /** The newest version, or the pinned one. */
    Optional<Version> find(String path, String version) {
        List<Version> versions = secrets.get(path);
        if (versions == null) {
            return Optional.empty();
        }
        if (version == null) {
            return Optional.of(versions.get(versions.size() - 1));
        }
        return versions.stream().filter(v -> v.id.equals(version)).findFirst();
    }

    boolean contains(String path) {
        return secrets.containsKey(path);
    }

    List<String> paths(String prefix) {
        List<String> out = new ArrayList<>();
        for (String p : secrets.keySet()) {
            if (p.startsWith(prefix)) {
                out.add(p);
            }
        }
        return out;
    }

    /** A document with a new newest version of {@code path}, keeping at most {@code maxVersions}. */
    LocalStoreDocument put(String path, byte[] value, Instant now, int maxVersions) {
        Map<String, List<Version>> copy = new TreeMap<>(secrets);
        List<Version> versions = new ArrayList<>(copy.getOrDefault(path, List.of()));
        versions.add(new Version(Long.toString(next), now, value.clone()));
        while (versions.size() > maxVersions) {
            versions.remove(0);
        }
        copy.put(path, Collections.unmodifiableList(versions));
        return new LocalStoreDocument(next + 1, Collections.unmodifiableMap(copy));
    }

    LocalStoreDocument delete(String path) {
        Map<String, List<Version>> copy = new TreeMap<>(secrets);
        copy.remove(path);
        return new LocalStoreDocument(next, Collections.unmodifiableMap(copy));
    }

    /** Version of {@link #put}'s new version: for the caller to return. */
    String lastAssigned() {
        return Long.toString(next - 1);
    }

    byte[] encrypt(Aead aead) throws GeneralSecurityException {
        JsonObject secretsJson = new JsonObject();
        Base64.Encoder b64 = Base64.getEncoder();
        secrets.forEach((path, versions) -> {
            JsonArray arr = new JsonArray();
            for (Version v : versions) {
                JsonObject o = new JsonObject();
                o.addProperty("version", v.id);
                o.addProperty("created", v.created.toString());
                o.addProperty("value", b64.encodeToString(v.value));
                arr.add(o);
            }
            secretsJson.add(path, arr);
        });
        JsonObject doc = new JsonObject();
        doc.addProperty("next", next);
        doc.add("secrets", secretsJson);
        byte[] ciphertext = aead.encrypt(doc.toString().getBytes(StandardCharsets.UTF_8), AD);
        JsonObject file = new JsonObject();
        file.addProperty("format", FORMAT);
        file.addProperty("ciphertext", b64.encodeToString(ciphertext));
        return (file + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a file.
     *
     * @throws IllegalArgumentException if the bytes are not a local secrets file (the message
     *     quotes none of them)
     * @throws GeneralSecurityException if the ciphertext does not decrypt with this keyset
     */
    static LocalStoreDocument decrypt(byte[] file, Aead aead) throws GeneralSecurityException {
        byte[] ciphertext;
        String format;
        try {
            JsonObject outer = strict(new String(file, StandardCharsets.UTF_8)).getAsJsonObject();
            format = outer.has("format") ? outer.get("format").getAsString() : null;
            ciphertext = Base64.getDecoder().decode(outer.get("ciphertext").getAsString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("it is not a " + FORMAT + " file");
        }
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("its format is not " + FORMAT);
        }
        byte[] plaintext = aead.decrypt(ciphertext, AD);
        try {
            JsonObject doc = strict(new String(plaintext, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, List<Version>> secrets = new TreeMap<>();
            Base64.Decoder b64 = Base64.getDecoder();
            for (Map.Entry<String, JsonElement> e : doc.getAsJsonObject("secrets").entrySet()) {
                List<Version> versions = new ArrayList<>();
                for (JsonElement el : e.getValue().getAsJsonArray()) {
                    JsonObject o = el.getAsJsonObject();
                    versions.add(new Version(o.get("version").getAsString(), Instant.parse(o.get("created").getAsString()),
                            b64.decode(o.get("value").getAsString())));
                }
                if (!versions.isEmpty()) {
                    secrets.put(e.getKey(), Collections.unmodifiableList(versions));
                }
            }
            return new LocalStoreDocument(doc.get("next").getAsLong(), Collections.unmodifiableMap(secrets));
        } catch (RuntimeException e) {
            // authenticated, so written by a holder of the keyset; the text is secret and never quoted
            throw new IllegalArgumentException("its decrypted content is malformed (" + e.getClass().getSimpleName() + ")");
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static JsonElement strict(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonParseException("trailing data");
            }
            return e;
        } catch (IOException e) {
            throw new JsonParseException("unreadable");
        }
    }
}
