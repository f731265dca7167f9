package io.github.dynamicsecrets.provider.aws.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.dynamicsecrets.provider.aws.fake.AwsJsonServer.AwsError;
import java.util.Locale;
import java.util.regex.Pattern;

/** ListSecrets and BatchGetSecretValue filters, as the Filter type of the API reference defines them. */
final class FakeFilters {

    private static final Pattern FILTER_VALUE = Pattern.compile("!?[a-zA-Z0-9 :_@/+=.\\-!]{0,512}");

    private FakeFilters() {}

    /** Filters AND together; a filter's values OR together, except {@code !} values, which exclude. */
    static boolean matches(FakeSecret s, JsonArray filters) {
        for (JsonElement f : filters) {
            JsonObject filter = f.getAsJsonObject();
            String key = filter.has("Key") ? filter.get("Key").getAsString() : "";
            JsonArray values = filter.has("Values") ? filter.getAsJsonArray("Values") : new JsonArray();
            if (values.size() < 1 || values.size() > 10) {
                throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'filters.member.values'"
                        + " failed to satisfy constraint: Member must have length between 1 and 10");
            }
            boolean anyPositive = false;
            boolean positiveHit = false;
            for (JsonElement v : values) {
                String value = v.getAsString();
                if (!FILTER_VALUE.matcher(value).matches()) {
                    throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'filters.member.values'"
                            + " failed to satisfy constraint: Member must satisfy regular expression pattern");
                }
                boolean negate = value.startsWith("!");
                String needle = negate ? value.substring(1) : value;
                boolean hit = hit(s, key, needle);
                if (negate && hit) {
                    return false;
                }
                if (!negate) {
                    anyPositive = true;
                    positiveHit |= hit;
                }
            }
            if (anyPositive && !positiveHit) {
                return false;
            }
        }
        return true;
    }

    private static boolean hit(FakeSecret s, String key, String needle) {
        switch (key) {
            case "name": return s.name.startsWith(needle);
            case "description": return s.description != null && s.description.toLowerCase(Locale.ROOT).startsWith(needle.toLowerCase(Locale.ROOT));
            case "all": return s.name.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT))
                    || (s.description != null && s.description.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT)));
            default: throw AwsError.of("InvalidParameterException", "Unsupported filter key " + key);
        }
    }
}
