package io.github.dynamicsecrets;

import io.github.dynamicsecrets.spi.JsonFieldReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * One version of one secret. Immutable and thread-safe.
 *
 * <p>{@link #toString()} never shows the value, and {@link #equals} compares name and version,
 * never the value, so a value cannot leak through a log line, a debugger's summary or a timing
 * difference in {@code equals}.
 *
 * <pre>{@code
 * SecretValue v = client.get("db/creds");
 * String user = v.field("user").asString();      // JSON secrets
 * char[] password = v.field("password").asChars(); // caller may wipe the array after use
 * }</pre>
 */
public final class SecretValue {

    private final String name;
    private final byte[] value;
    private final String version;
    private final String provider;
    private final Instant fetchedAt;
    private final boolean stale;

    private SecretValue(Builder b) {
        this.name = b.name;
        this.value = b.value;
        this.version = b.version;
        this.provider = b.provider;
        this.fetchedAt = b.fetchedAt != null ? b.fetchedAt : Instant.now();
        this.stale = b.stale;
    }

    /**
     * Starts building a value; used by providers and tests.
     *
     * @param name the canonical name the value answers, for example {@code db/password}
     * @return a new set-once builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder pre-filled from this value, to derive a copy (for example marked stale).
     *
     * @return a builder whose every property may be set once more
     */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.value = value;
        b.version = version;
        b.provider = provider;
        b.fetchedAt = fetchedAt;
        b.stale = stale;
        b.reset = true;
        return b;
    }

    /**
     * The name this value answers, as asked (selectors included).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The store's version id of this value: a version id, a stage's current id, a file digest.
     *
     * @return the version, never {@code null}
     */
    public String version() {
        return version;
    }

    /**
     * The provider that answered.
     *
     * @return the provider's name, for example {@code file} or {@code aws}
     */
    public String provider() {
        return provider;
    }

    /**
     * When the value was read from its store.
     *
     * @return the fetch time
     */
    public Instant fetchedAt() {
        return fetchedAt;
    }

    /**
     * Whether this value is being served while its store cannot be reached: a last-good value
     * from memory or the encrypted disk cache, within {@code secrets.cache.max-stale}.
     *
     * @return {@code true} if the value could not be confirmed with the store recently
     */
    public boolean isStale() {
        return stale;
    }

    /**
     * The value decoded as UTF-8.
     *
     * @return a new string each call
     */
    public String asString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /**
     * A copy of the raw bytes; the caller owns and may wipe it.
     *
     * @return a new array each call
     */
    public byte[] asBytes() {
        return value.clone();
    }

    /**
     * The value decoded as UTF-8 into a new array, which the caller may wipe after use.
     *
     * @return a new array each call
     */
    public char[] asChars() {
        CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(value));
        char[] chars = Arrays.copyOfRange(cb.array(), cb.position(), cb.limit());
        Arrays.fill(cb.array(), '\0');
        return chars;
    }

    /**
     * The length of the value in bytes.
     *
     * @return the number of bytes
     */
    public int length() {
        return value.length;
    }

    /**
     * One field of a JSON object secret, as its own value named {@code name#field}. Strings are
     * returned without quotes; numbers, booleans, objects and arrays as their JSON text.
     *
     * @param field the top-level key
     * @return the field's value, with this value's version, provider and fetch time
     * @throws SecretNotFoundException if the secret is a JSON object without that key
     * @throws SecretsException if the secret is not a JSON object (the message never quotes it),
     *     or if no JSON reader is installed (add {@code secrets-core})
     */
    public SecretValue field(String field) {
        Objects.requireNonNull(field, "field");
        byte[] selected = JsonReaderHolder.READER.readField(name, value, field);
        return new Builder(baseName() + "#" + field).value(selected).version(version).provider(provider)
                .fetchedAt(fetchedAt).stale(stale).build();
    }

    private String baseName() {
        int hash = name.indexOf('#');
        return hash < 0 ? name : name.substring(0, hash);
    }

    /** Equal when name and version are equal; the value is never compared. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SecretValue)) {
            return false;
        }
        SecretValue other = (SecretValue) o;
        return name.equals(other.name) && version.equals(other.version);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + version.hashCode();
    }

    /** Shows name, version, provider, fetch time and length; the value is always masked. */
    @Override
    public String toString() {
        return "SecretValue[name=" + name + ", version=" + version + ", provider=" + provider
                + ", fetchedAt=" + fetchedAt + (stale ? ", stale" : "") + ", value=****]";
    }

    private static final class JsonReaderHolder {
        static final JsonFieldReader READER = load();

        private static JsonFieldReader load() {
            for (JsonFieldReader r : ServiceLoader.load(JsonFieldReader.class, SecretValue.class.getClassLoader())) {
                return r;
            }
            return (name, json, field) -> {
                throw new SecretsConfigurationException(null, "Reading field '" + field + "' of secret '" + name
                        + "' needs a JSON reader: add the dependency " + Secrets.CORE_ARTIFACT);
            };
        }
    }

    /**
     * Builds a {@link SecretValue}. Each property may be set once; {@code name}, {@code value}
     * and {@code version} are required. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private byte[] value;
        private String version;
        private String provider = "unknown";
        private Instant fetchedAt;
        private boolean stale;
        private boolean reset;
        private boolean valueSet;
        private boolean versionSet;
        private boolean providerSet;
        private boolean fetchedAtSet;
        private boolean staleSet;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The value's bytes; copied.
         *
         * @param value the raw bytes
         * @return this builder
         */
        public Builder value(byte[] value) {
            valueSet = once(valueSet, "value");
            this.value = Objects.requireNonNull(value, "value").clone();
            return this;
        }

        /**
         * The value as text, stored as UTF-8.
         *
         * @param value the text
         * @return this builder
         */
        public Builder value(String value) {
            return value(Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The store's version id.
         *
         * @param version a non-empty version id
         * @return this builder
         */
        public Builder version(String version) {
            versionSet = once(versionSet, "version");
            if (Objects.requireNonNull(version, "version").isEmpty()) {
                throw new IllegalArgumentException("version must not be empty");
            }
            this.version = version;
            return this;
        }

        /**
         * The provider's name.
         *
         * @param provider the provider that answered
         * @return this builder
         */
        public Builder provider(String provider) {
            providerSet = once(providerSet, "provider");
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * When the value was read; defaults to now.
         *
         * @param fetchedAt the fetch time
         * @return this builder
         */
        public Builder fetchedAt(Instant fetchedAt) {
            fetchedAtSet = once(fetchedAtSet, "fetchedAt");
            this.fetchedAt = Objects.requireNonNull(fetchedAt, "fetchedAt");
            return this;
        }

        /**
         * Marks the value as served without confirmation from its store; defaults to false.
         *
         * @param stale whether the value is stale
         * @return this builder
         */
        public Builder stale(boolean stale) {
            staleSet = once(staleSet, "stale");
            this.stale = stale;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the immutable value
         * @throws IllegalStateException if {@code value} or {@code version} was not set
         */
        public SecretValue build() {
            if (value == null) {
                throw new IllegalStateException("value was not set for secret '" + name + "'");
            }
            if (version == null) {
                throw new IllegalStateException("version was not set for secret '" + name + "'");
            }
            return new SecretValue(this);
        }

        private boolean once(boolean alreadySet, String property) {
            if (alreadySet && !reset) {
                throw new IllegalStateException(property + " was already set");
            }
            return true;
        }
    }
}
