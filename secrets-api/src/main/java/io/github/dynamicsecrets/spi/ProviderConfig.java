package io.github.dynamicsecrets.spi;

import io.github.dynamicsecrets.SecretsConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only, typed view of the configuration keys under a prefix. A provider gets the view
 * for {@code secrets.provider.<name>.}, so {@code getString("region")} reads
 * {@code secrets.provider.aws.region}. Keys compare as OpenTelemetry compares them:
 * case-insensitive, with {@code -} and {@code _} equal to {@code .}, so the environment variable
 * {@code SECRETS_CACHE_MAX_STALE} and the property {@code secrets.cache.max-stale} are one key.
 * Thread-safe.
 *
 * <p>Every typed getter fails with a {@link SecretsConfigurationException} that names the full
 * key, the bad value and what is valid.
 *
 * <pre>{@code
 * ProviderConfig config = ProviderConfig.of("secrets.provider.file.",
 *         Map.of("secrets.provider.file.roots", "/run/secrets, /var/run/secrets"));
 * List<String> roots = config.getList("roots");                   // [/run/secrets, /var/run/secrets]
 * Duration poll = config.getDuration("poll", Duration.ofMinutes(1)); // default: not set
 * }</pre>
 */
public interface ProviderConfig {

    /**
     * A view over a map of full dotted keys.
     *
     * @param prefix the prefix that relative keys are under, ending in {@code .}
     * @param properties every key, in full
     * @return an immutable view (the map is copied)
     */
    static ProviderConfig of(String prefix, Map<String, String> properties) {
        return MapProviderConfig.normalised(prefix, properties);
    }

    /**
     * The prefix of this view, for example {@code secrets.provider.aws.}.
     *
     * @return the prefix, ending in {@code .}
     */
    String prefix();

    /**
     * The raw value of a key under the prefix; blank values count as absent.
     *
     * @param key the key relative to {@link #prefix()}, for example {@code region}
     * @return the trimmed value, or empty
     */
    Optional<String> get(String key);

    /**
     * The same configuration seen under another prefix, for example {@code secrets.} to read
     * {@code rotation.poll}.
     *
     * @param otherPrefix the prefix, ending in {@code .}
     * @return a view over the same keys
     */
    ProviderConfig withPrefix(String otherPrefix);

    /**
     * Every key under the prefix, relative and normalised (lower case, {@code -} and {@code _}
     * written as {@code .}), with its value.
     *
     * @return an immutable sorted map
     */
    Map<String, String> asMap();

    /**
     * The full key for a relative key, for messages.
     *
     * @param key a relative key
     * @return {@code prefix() + key}
     */
    default String fullKey(String key) {
        return prefix() + key;
    }

    /**
     * A text value.
     *
     * @param key the relative key
     * @param defaultValue returned when the key is absent
     * @return the value or the default
     */
    default String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * A comma-separated list; entries are trimmed and empty entries dropped.
     *
     * @param key the relative key
     * @return the entries, or an empty list when absent
     */
    default List<String> getList(String key) {
        List<String> out = new ArrayList<>();
        get(key).ifPresent(v -> {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        });
        return List.copyOf(out);
    }

    /**
     * A boolean: {@code true} or {@code false}, any case.
     *
     * @param key the relative key
     * @param defaultValue returned when the key is absent
     * @return the value
     */
    default boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw invalid(key, v.get(), "true or false");
    }

    /**
     * A whole number.
     *
     * @param key the relative key
     * @param defaultValue returned when the key is absent
     * @return the value
     */
    default long getLong(String key, long defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw invalid(key, v.get(), "a whole number");
        }
    }

    /**
     * A size in bytes: a number with an optional unit {@code B}, {@code KiB}, {@code MiB} or
     * {@code GiB} (also {@code K}, {@code M}, {@code G}, powers of 1024).
     *
     * @param key the relative key
     * @param defaultValue returned when the key is absent
     * @return the size in bytes
     */
    default long getBytes(String key, long defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().replace(" ", "");
        String upper = s.toUpperCase(Locale.ROOT);
        long factor = 1;
        String[][] units = {{"GIB", "1073741824"}, {"MIB", "1048576"}, {"KIB", "1024"}, {"G", "1073741824"},
            {"M", "1048576"}, {"K", "1024"}, {"B", "1"}};
        for (String[] unit : units) {
            if (upper.endsWith(unit[0])) {
                factor = Long.parseLong(unit[1]);
                s = s.substring(0, s.length() - unit[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0) {
                throw invalid(key, v.get(), "a size of zero or more, such as 1MiB, 512KiB or 4096");
            }
            return Math.multiplyExact(n, factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(key, v.get(), "a size such as 1MiB, 512KiB or 4096");
        }
    }

    /**
     * A duration: ISO-8601 ({@code PT5M}) or a number with a unit ({@code 500ms}, {@code 30s},
     * {@code 5m}, {@code 2h}, {@code 1d}). Negative durations are refused.
     *
     * @param key the relative key
     * @return the duration, or empty when absent
     */
    default Optional<Duration> getDuration(String key) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Duration d = MapProviderConfig.parseDuration(v.get());
        if (d == null || d.isNegative()) {
            throw invalid(key, v.get(), "a duration of zero or more such as PT5M, 30s, 500ms, 5m, 2h or 1d");
        }
        return Optional.of(d);
    }

    /**
     * A duration with a default; see {@link #getDuration(String)}.
     *
     * @param key the relative key
     * @param defaultValue returned when the key is absent
     * @return the duration
     */
    default Duration getDuration(String key, Duration defaultValue) {
        return getDuration(key).orElse(defaultValue);
    }

    /**
     * Builds the standard error for a bad value of a key under this prefix.
     *
     * @param key the relative key
     * @param value the value found; quoted in the message, so never pass a secret here
     * @param expected what would be valid
     * @return the exception to throw
     */
    default SecretsConfigurationException invalid(String key, String value, String expected) {
        String full = fullKey(key);
        return new SecretsConfigurationException(full, "Invalid value '" + value + "' for " + full
                + " (environment variable " + MapProviderConfig.envName(full) + "): expected " + expected);
    }
}
