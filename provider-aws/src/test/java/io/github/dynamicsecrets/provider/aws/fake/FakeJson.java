package io.github.dynamicsecrets.provider.aws.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.dynamicsecrets.provider.aws.fake.AwsJsonServer.AwsError;
import java.util.Base64;

/** Reading request members and writing lists, with the service's validation error for a missing member. */
final class FakeJson {

    private FakeJson() {}

    static JsonArray strings(Iterable<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    static String required(JsonObject in, String key) {
        String v = optional(in, key);
        if (v == null) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value null at '" + key
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    static String optional(JsonObject in, String key) {
        return in.has(key) && !in.get(key).isJsonNull() ? in.get(key).getAsString() : null;
    }

    static byte[] blob(JsonObject in, String key) {
        String v = optional(in, key);
        return v == null ? null : Base64.getDecoder().decode(v);
    }
}
