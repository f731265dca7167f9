package io.github.dynamicsecrets.provider.file;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digests of file contents, used as versions of plain files and to tell which keys a swap
 * changed. Keyed (HMAC-SHA-256 with a random key per provider instance) rather than a bare
 * SHA-256, because versions are logged and audited: a bare hash of a short password could be
 * confirmed offline by guessing. The price is that versions are comparable only within one
 * provider instance. Thread-safe.
 */
final class ContentDigest {

    private static final String ALGORITHM = "HmacSHA256";
    /** 128 bits: plenty to tell versions apart, short enough to read in a log line. */
    private static final int SHOWN_BYTES = 16;

    private final SecretKeySpec key;

    ContentDigest() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, ALGORITHM);
        Arrays.fill(k, (byte) 0);
    }

    /** A 32-character lower-case hex digest of {@code content}. */
    String of(byte[] content) {
        byte[] mac;
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            mac = m.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
        return HexFormat.of().formatHex(mac, 0, SHOWN_BYTES);
    }
}
