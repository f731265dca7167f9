package io.github.dynamicsecrets.benchmarks;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the encrypted disk cache's cryptography, with the cache's parameters: Tink AEAD
 * AES256_GCM (TINK output prefix), associated data
 * {@code "dynamic-secrets/disk-cache/v1" 0x00 provider 0x00 name}.
 *
 * <ul>
 *   <li>{@code startup}: what a cold JVM pays once before the first disk read or write:
 *       {@code AeadConfig.register()}, parsing a JSON keyset, getting the {@code Aead}, and the
 *       first 64 B encrypt+decrypt. Single shot, one measurement per fresh fork.</li>
 *   <li>{@code encrypt}, {@code decrypt}, {@code roundTrip}: steady state per value, 64 B and 4 KiB.</li>
 * </ul>
 *
 * The keyset for {@code startup} is built as Tink JSON by hand in the setup, so that no Tink class
 * is loaded or registered before the measured call.
 */
public class TinkBenchmark {

    static final byte[] ASSOCIATED_DATA =
            ("dynamic-secrets/disk-cache/v1\0" + "memory\0" + "db/password").getBytes(StandardCharsets.UTF_8);

    /** A one-key AES256_GCM keyset in Tink JSON, made without Tink: AesGcmKey{key_value = 32 random bytes}. */
    static String keysetJson() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] proto = new byte[2 + key.length];
        proto[0] = 0x1a; // field 3 (key_value), wire type 2; field 1 (version) is 0, the default, so absent
        proto[1] = 0x20; // 32 bytes
        System.arraycopy(key, 0, proto, 2, key.length);
        int keyId = 1 + new SecureRandom().nextInt(Integer.MAX_VALUE - 1);
        return "{\"primaryKeyId\":" + keyId + ",\"key\":[{\"keyData\":{\"typeUrl\":"
                + "\"type.googleapis.com/google.crypto.tink.AesGcmKey\",\"value\":\""
                + Base64.getEncoder().encodeToString(proto) + "\",\"keyMaterialType\":\"SYMMETRIC\"},"
                + "\"status\":\"ENABLED\",\"keyId\":" + keyId + ",\"outputPrefixType\":\"TINK\"}]}";
    }

    static Aead aead(String json) throws GeneralSecurityException {
        KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(json, RegistryConfiguration.get(),
                InsecureSecretKeyAccess.get());
        return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    /** Input of the start-up measurement; touches no Tink class. */
    @State(Scope.Benchmark)
    public static class ColdState {
        String json;
        byte[] plaintext;

        @Setup(Level.Trial)
        public void setUp() {
            json = keysetJson();
            plaintext = new byte[64];
            new SecureRandom().nextBytes(plaintext);
        }
    }

    /** Registration, keyset parse and the first round trip, in a fresh JVM each time. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 15)
    public byte[] startup(ColdState s) throws GeneralSecurityException {
        AeadConfig.register();
        Aead aead = aead(s.json);
        return aead.decrypt(aead.encrypt(s.plaintext, ASSOCIATED_DATA), ASSOCIATED_DATA);
    }

    /** A registered keyset and a value of the given size with its ciphertext. */
    @State(Scope.Benchmark)
    public static class WarmState {
        @Param({"64", "4096"})
        int size;

        Aead aead;
        byte[] plaintext;
        byte[] ciphertext;

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            AeadConfig.register();
            aead = aead(keysetJson());
            plaintext = new byte[size];
            new SecureRandom().nextBytes(plaintext);
            ciphertext = aead.encrypt(plaintext, ASSOCIATED_DATA);
        }
    }

    /** Encrypts one value: what a disk cache write costs in cryptography. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(2)
    public byte[] encrypt(WarmState s) throws GeneralSecurityException {
        return s.aead.encrypt(s.plaintext, ASSOCIATED_DATA);
    }

    /** Decrypts one value: what a disk cache read costs in cryptography. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(2)
    public byte[] decrypt(WarmState s) throws GeneralSecurityException {
        return s.aead.decrypt(s.ciphertext, ASSOCIATED_DATA);
    }

    /** Encrypts and decrypts one value. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(2)
    public byte[] roundTrip(WarmState s) throws GeneralSecurityException {
        return s.aead.decrypt(s.aead.encrypt(s.plaintext, ASSOCIATED_DATA), ASSOCIATED_DATA);
    }
}
