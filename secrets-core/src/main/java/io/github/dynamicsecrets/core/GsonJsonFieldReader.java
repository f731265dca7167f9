package io.github.dynamicsecrets.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.github.dynamicsecrets.SecretNotFoundException;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.spi.JsonFieldReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads fields of JSON secrets with Gson. Registered for {@code SecretValue.field}. */
public final class GsonJsonFieldReader implements JsonFieldReader {

    /** Creates the reader; ServiceLoader calls this. */
    public GsonJsonFieldReader() {}

    @Override
    public byte[] readField(String name, byte[] json, String field) {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(new String(json, StandardCharsets.UTF_8)));
            reader.setStrictness(Strictness.STRICT); // a bare word is not JSON, whatever lenient Gson thinks
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("trailing data");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            // Gson's message quotes the input; drop it and the cause so no value can leak.
            throw new SecretsException("Secret '" + name + "' is not valid JSON, so field '" + field
                    + "' cannot be read");
        }
        if (!root.isJsonObject()) {
            throw new SecretsException("Secret '" + name + "' is JSON but not an object, so field '" + field
                    + "' cannot be read");
        }
        JsonObject object = root.getAsJsonObject();
        JsonElement value = object.get(field);
        if (value == null) {
            throw new SecretNotFoundException(name + "#" + field, List.of(),
                    "the JSON object has no field '" + field + "'");
        }
        String text = value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : value.toString();
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
