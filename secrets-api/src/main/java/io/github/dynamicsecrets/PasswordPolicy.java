package io.github.dynamicsecrets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link SecretsClient#generate} makes a password, so that no human has to see one. The
 * options mirror the common store APIs (AWS {@code GetRandomPassword}); a provider that can
 * generate server-side does, otherwise {@link #generate(SecureRandom)} runs in process.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * PasswordPolicy policy = PasswordPolicy.builder().length(40).excludePunctuation(true).build();
 * client.generate("db/password", policy);
 * }</pre>
 */
public final class PasswordPolicy {

    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String DIGITS = "0123456789";
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static final PasswordPolicy DEFAULT = builder().build();

    private final int length;
    private final boolean excludeLowercase;
    private final boolean excludeUppercase;
    private final boolean excludeNumbers;
    private final boolean excludePunctuation;
    private final boolean includeSpace;
    private final boolean requireEachIncludedType;
    private final String excludeCharacters;

    private PasswordPolicy(Builder b) {
        this.length = b.length;
        this.excludeLowercase = b.excludeLowercase;
        this.excludeUppercase = b.excludeUppercase;
        this.excludeNumbers = b.excludeNumbers;
        this.excludePunctuation = b.excludePunctuation;
        this.includeSpace = b.includeSpace;
        this.requireEachIncludedType = b.requireEachIncludedType;
        this.excludeCharacters = b.excludeCharacters;
    }

    /**
     * 32 characters from letters, digits and punctuation, at least one of each.
     *
     * @return the default policy
     */
    public static PasswordPolicy defaults() {
        return DEFAULT;
    }

    /**
     * Starts a policy from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the number of characters */
    public int length() {
        return length;
    }

    /** @return whether a-z are left out */
    public boolean excludeLowercase() {
        return excludeLowercase;
    }

    /** @return whether A-Z are left out */
    public boolean excludeUppercase() {
        return excludeUppercase;
    }

    /** @return whether 0-9 are left out */
    public boolean excludeNumbers() {
        return excludeNumbers;
    }

    /** @return whether ASCII punctuation is left out */
    public boolean excludePunctuation() {
        return excludePunctuation;
    }

    /** @return whether the space character may appear */
    public boolean includeSpace() {
        return includeSpace;
    }

    /** @return whether at least one character of each included type must appear */
    public boolean requireEachIncludedType() {
        return requireEachIncludedType;
    }

    /** @return characters never to use, possibly empty */
    public String excludeCharacters() {
        return excludeCharacters;
    }

    /**
     * Generates a password in process.
     *
     * @param random the source of randomness; use a {@link SecureRandom}
     * @return the password as ASCII bytes
     */
    public byte[] generate(SecureRandom random) {
        List<String> classes = characterClasses();
        StringBuilder all = new StringBuilder();
        classes.forEach(all::append);
        char[] out = new char[length];
        int i = 0;
        if (requireEachIncludedType) {
            for (String c : classes) {
                out[i++] = c.charAt(random.nextInt(c.length()));
            }
        }
        for (; i < length; i++) {
            out[i] = all.charAt(random.nextInt(all.length()));
        }
        for (int j = out.length - 1; j > 0; j--) {
            int k = random.nextInt(j + 1);
            char t = out[j];
            out[j] = out[k];
            out[k] = t;
        }
        byte[] bytes = new String(out).getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(out, '\0');
        return bytes;
    }

    private List<String> characterClasses() {
        List<String> classes = new ArrayList<>();
        addClass(classes, LOWER, excludeLowercase);
        addClass(classes, UPPER, excludeUppercase);
        addClass(classes, DIGITS, excludeNumbers);
        addClass(classes, PUNCTUATION, excludePunctuation);
        addClass(classes, " ", !includeSpace);
        return classes;
    }

    private void addClass(List<String> classes, String chars, boolean excluded) {
        if (excluded) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (char c : chars.toCharArray()) {
            if (excludeCharacters.indexOf(c) < 0) {
                kept.append(c);
            }
        }
        if (kept.length() > 0) {
            classes.add(kept.toString());
        }
    }

    @Override
    public String toString() {
        return "PasswordPolicy[length=" + length + ", excludeLowercase=" + excludeLowercase
                + ", excludeUppercase=" + excludeUppercase + ", excludeNumbers=" + excludeNumbers
                + ", excludePunctuation=" + excludePunctuation + ", includeSpace=" + includeSpace
                + ", requireEachIncludedType=" + requireEachIncludedType
                + ", excludeCharacters=" + excludeCharacters.length() + " chars]";
    }

    /** Builds a {@link PasswordPolicy}; each property may be set once. Not thread-safe. */
    public static final class Builder {
        private int length = 32;
        private boolean excludeLowercase;
        private boolean excludeUppercase;
        private boolean excludeNumbers;
        private boolean excludePunctuation;
        private boolean includeSpace;
        private boolean requireEachIncludedType = true;
        private String excludeCharacters = "";
        private final java.util.Set<String> set = new java.util.HashSet<>();

        private Builder() {}

        private void once(String property) {
            if (!set.add(property)) {
                throw new IllegalStateException(property + " was already set");
            }
        }

        /**
         * Number of characters, 4 to 4096.
         *
         * @param length the length
         * @return this builder
         */
        public Builder length(int length) {
            once("length");
            if (length < 4 || length > 4096) {
                throw new IllegalArgumentException("length must be between 4 and 4096, was " + length);
            }
            this.length = length;
            return this;
        }

        /** @param exclude whether to leave out a-z @return this builder */
        public Builder excludeLowercase(boolean exclude) {
            once("excludeLowercase");
            this.excludeLowercase = exclude;
            return this;
        }

        /** @param exclude whether to leave out A-Z @return this builder */
        public Builder excludeUppercase(boolean exclude) {
            once("excludeUppercase");
            this.excludeUppercase = exclude;
            return this;
        }

        /** @param exclude whether to leave out 0-9 @return this builder */
        public Builder excludeNumbers(boolean exclude) {
            once("excludeNumbers");
            this.excludeNumbers = exclude;
            return this;
        }

        /** @param exclude whether to leave out punctuation @return this builder */
        public Builder excludePunctuation(boolean exclude) {
            once("excludePunctuation");
            this.excludePunctuation = exclude;
            return this;
        }

        /** @param include whether the space character may appear @return this builder */
        public Builder includeSpace(boolean include) {
            once("includeSpace");
            this.includeSpace = include;
            return this;
        }

        /** @param require whether each included type must appear at least once @return this builder */
        public Builder requireEachIncludedType(boolean require) {
            once("requireEachIncludedType");
            this.requireEachIncludedType = require;
            return this;
        }

        /** @param characters characters never to use @return this builder */
        public Builder excludeCharacters(String characters) {
            once("excludeCharacters");
            this.excludeCharacters = Objects.requireNonNull(characters, "characters");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException if every character was excluded, or if more types are
         *     required than the length allows
         */
        public PasswordPolicy build() {
            PasswordPolicy p = new PasswordPolicy(this);
            int classes = p.characterClasses().size();
            if (classes == 0) {
                throw new IllegalStateException("the policy excludes every character");
            }
            if (requireEachIncludedType && classes > length) {
                throw new IllegalStateException(
                        "length " + length + " cannot hold one of each of the " + classes + " included types");
            }
            return p;
        }
    }
}
