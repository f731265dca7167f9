package io.github.dynamicsecrets.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class MapProviderConfig implements ProviderConfig {

    private final String prefix;
    private final Map<String, String> all;

    MapProviderConfig(String prefix, Map<String, String> all) {
        if (!prefix.isEmpty() && !prefix.endsWith(".")) {
            throw new IllegalArgumentException("prefix must end with '.': " + prefix);
        }
        this.prefix = prefix;
        this.all = all;
    }

    static MapProviderConfig normalised(String prefix, Map<String, String> properties) {
        Map<String, String> copy = new TreeMap<>();
        properties.forEach((k, v) -> copy.put(normaliseKey(k), v));
        return new MapProviderConfig(prefix, Collections.unmodifiableMap(copy));
    }

    /**
     * Keys compare as OpenTelemetry compares them: case-insensitive, with '-' and '_' equal to '.',
     * so SECRETS_CACHE_MAX_STALE, secrets.cache.max-stale and secrets.cache.max.stale are one key.
     */
    static String normaliseKey(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public Optional<String> get(String key) {
        String v = all.get(normaliseKey(prefix + key));
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    @Override
    public ProviderConfig withPrefix(String otherPrefix) {
        return new MapProviderConfig(otherPrefix, all);
    }

    @Override
    public Map<String, String> asMap() {
        Map<String, String> out = new TreeMap<>();
        String p = normaliseKey(prefix);
        all.forEach((k, v) -> {
            if (k.startsWith(p)) {
                out.put(k.substring(p.length()), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        // keys only: a misplaced secret in configuration must not reach a log through toString
        return "ProviderConfig[prefix=" + prefix + ", keys=" + asMap().keySet() + "]";
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

    static Duration parseDuration(String text) {
        String s = text.trim();
        if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = SIMPLE_DURATION.matcher(s);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        switch (unit) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            case "d": return Duration.ofDays(n);
            default: return n == 0 ? Duration.ZERO : null; // a bare number is ambiguous unless zero
        }
    }
}
