package io.github.dynamicsecrets.core;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.github.dynamicsecrets.test.Canary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/** Keysets for tests. Every key made here is planted as a canary, so a log that shows it fails. */
final class TestKeys {

    private TestKeys() {}

    static {
        Keysets.ensureRegistered();
    }

    /** A new AES256_GCM keyset as Tink JSON; its key material is planted. */
    static String newKeysetJson() {
        try {
            return plantKeyMaterial(KeysetTool.serialize(KeysetTool.generate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plants the base64 key value of every key in a Tink JSON keyset, and the JSON itself. */
    static String plantKeyMaterial(String json) {
        for (JsonElement key : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("key")) {
            Canary.plant(key.getAsJsonObject().getAsJsonObject("keyData").get("value").getAsString());
        }
        Canary.plant(json);
        return json;
    }

    static KeysetHandle handle(String json) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Aead aead(String json) {
        try {
            return Keysets.aead(handle(json));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a keyset file with mode 0600 and returns its {@code file:} URI. */
    static String writeKeysetFile(Path file, String json) {
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return "file:" + file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
