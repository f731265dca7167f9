package io.github.dynamicsecrets.test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique, recognisable secret values for leak tests, and assertions that none of them appears
 * where it must not: log output, exception messages, {@code toString()}.
 *
 * <p>Use a fresh canary wherever a test needs a secret value; every value made here (or passed
 * to {@link #plant}) is remembered in one process-wide registry, so a later check anywhere in
 * the test run recognises it.
 *
 * <pre>{@code
 * String password = Canary.next();          // "canary-5f0c2e9a41b7d3860e1c-17"
 * store.put("db/password", password);
 * SecretsException e = assertThrows(SecretsException.class, () -> client.get("db/password#nope"));
 * Canary.assertNotIn(e);                     // message, causes, suppressed, stack trace text
 * Canary.assertNotInToString(client);
 * }</pre>
 *
 * <p>A canary is {@value #PREFIX} followed by 20 random hex digits, {@code -} and a sequence
 * number: plain ASCII, so it is valid in any store, JSON document or password field. Checks
 * look for the exact text; a value that leaks only encoded (Base64, hex) or cut short is not
 * detected. Thread-safe; failures are plain {@link AssertionError}s, so this class needs no test
 * framework.
 */
public final class Canary {

    /** Every canary made by {@link #next()} starts with this text. */
    public static final String PREFIX = "canary-";

    private static final int RANDOM_HEX = 20;
    private static final int MIN_PLANTED_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> MADE = ConcurrentHashMap.newKeySet();
    private static final Set<String> PLANTED = ConcurrentHashMap.newKeySet();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Canary() {}

    /**
     * Makes and records a new canary value.
     *
     * @return a value no other call returns, for example {@code canary-5f0c2e9a41b7d3860e1c-17}
     */
    public static String next() {
        byte[] random = new byte[RANDOM_HEX / 2];
        RANDOM.nextBytes(random);
        StringBuilder sb = new StringBuilder(PREFIX);
        for (byte b : random) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        String canary = sb.append('-').append(SEQUENCE.incrementAndGet()).toString();
        MADE.add(canary);
        return canary;
    }

    /**
     * Makes and records a new canary value as UTF-8 bytes.
     *
     * @return the bytes of a value from {@link #next()}
     */
    public static byte[] nextBytes() {
        return next().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Records a value of your own (a realistic password, a private key) so checks look for it
     * too.
     *
     * @param value the secret text, at least {@value #MIN_PLANTED_LENGTH} characters so that it
     *     cannot match by accident
     * @return {@code value}
     */
    public static String plant(String value) {
        if (value == null || value.length() < MIN_PLANTED_LENGTH) {
            throw new IllegalArgumentException("a planted value needs at least " + MIN_PLANTED_LENGTH
                    + " characters, or it would match ordinary text");
        }
        PLANTED.add(value);
        return value;
    }

    /**
     * Whether {@code value} was made by {@link #next()} or recorded by {@link #plant}.
     *
     * @param value any text
     * @return {@code true} if it is a recorded canary
     */
    public static boolean isCanary(String value) {
        return MADE.contains(value) || PLANTED.contains(value);
    }

    /**
     * The first recorded canary found in {@code text}.
     *
     * @param text any text, or {@code null}
     * @return the canary, or empty if none occurs
     */
    public static Optional<String> findIn(CharSequence text) {
        if (text == null || text.length() == 0) {
            return Optional.empty();
        }
        String s = text.toString();
        // made canaries share a prefix, so one scan finds them however many were made
        for (int i = s.indexOf(PREFIX); i >= 0; i = s.indexOf(PREFIX, i + 1)) {
            int end = i + PREFIX.length() + RANDOM_HEX + 1;
            while (end < s.length() && Character.isDigit(s.charAt(end))) {
                end++;
            }
            // longest first: "canary-...-17" must not be taken for "canary-...-1"
            for (int e = end; e > i + PREFIX.length() + RANDOM_HEX + 1 && e <= s.length(); e--) {
                String candidate = s.substring(i, e);
                if (MADE.contains(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        for (String planted : PLANTED) {
            if (s.contains(planted)) {
                return Optional.of(planted);
            }
        }
        return Optional.empty();
    }

    /**
     * Fails if {@code text} contains a recorded canary.
     *
     * @param where what the text is, for the failure message, for example {@code "log event"}
     * @param text the text to check
     * @throws AssertionError naming {@code where} and the canary found
     */
    public static void assertNotIn(String where, CharSequence text) {
        Optional<String> found = findIn(text);
        if (found.isPresent()) {
            throw new AssertionError("A secret value leaked into " + where + ": found canary '" + found.get() + "'");
        }
    }

    /**
     * Fails if {@code object.toString()} contains a recorded canary.
     *
     * @param object the object to check, for example a provider or a client
     * @throws AssertionError naming the object's class and the canary found
     */
    public static void assertNotInToString(Object object) {
        assertNotIn("toString() of " + (object == null ? "null" : object.getClass().getName()), String.valueOf(object));
    }

    /**
     * Fails if a recorded canary appears anywhere in a throwable: its message, its
     * {@code toString()}, its causes and suppressed exceptions (recursively), or the text of
     * its printed stack trace.
     *
     * @param throwable the exception to check
     * @throws AssertionError naming the exception's class and the canary found
     */
    public static void assertNotIn(Throwable throwable) {
        if (throwable == null) {
            return;
        }
        String where = "exception " + throwable.getClass().getName() + " (message, causes, suppressed or stack trace)";
        assertNotIn(where, describe(throwable));
    }

    /**
     * The full printed form of a throwable: {@code printStackTrace} covers the message, causes
     * and suppressed exceptions of the whole tree.
     *
     * @param throwable the exception
     * @return its stack trace text
     */
    static String describe(Throwable throwable) {
        StringWriter out = new StringWriter();
        try (PrintWriter pw = new PrintWriter(out)) {
            throwable.printStackTrace(pw);
        }
        // printStackTrace calls toString(), which an exception class may override to hide its
        // message; getMessage() is what a logger or a caller may print instead
        StringBuilder sb = new StringBuilder(out.toString());
        appendMessages(throwable, sb, Collections.newSetFromMap(new IdentityHashMap<>()));
        return sb.toString();
    }

    private static void appendMessages(Throwable t, StringBuilder sb, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        sb.append('\n').append(t.getMessage()).append('\n').append(t.getLocalizedMessage());
        appendMessages(t.getCause(), sb, seen);
        for (Throwable s : t.getSuppressed()) {
            appendMessages(s, sb, seen);
        }
    }
}
