package io.github.dynamicsecrets.provider.aws.fake;

import com.google.gson.JsonObject;
import io.github.dynamicsecrets.provider.aws.fake.AwsJsonServer.AwsError;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** GetRandomPassword: length, excluded characters and types, required types, as the API reference defines them. */
final class FakePasswords {

    private FakePasswords() {}

    static JsonObject generate(JsonObject in, SecureRandom random) {
        long length = in.has("PasswordLength") ? in.get("PasswordLength").getAsLong() : 32;
        if (length < 1 || length > 4096) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'passwordLength' failed to"
                    + " satisfy constraint: Member must have value between 1 and 4096");
        }
        String exclude = in.has("ExcludeCharacters") ? in.get("ExcludeCharacters").getAsString() : "";
        List<String> classes = new ArrayList<>();
        addClass(classes, "abcdefghijklmnopqrstuvwxyz", flag(in, "ExcludeLowercase"), exclude);
        addClass(classes, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", flag(in, "ExcludeUppercase"), exclude);
        addClass(classes, "0123456789", flag(in, "ExcludeNumbers"), exclude);
        addClass(classes, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", flag(in, "ExcludePunctuation"), exclude);
        addClass(classes, " ", !flag(in, "IncludeSpace"), exclude);
        boolean requireEach = !in.has("RequireEachIncludedType") || in.get("RequireEachIncludedType").getAsBoolean();
        if (classes.isEmpty() || (requireEach && classes.size() > length)) {
            throw AwsError.of("InvalidParameterException", "The password can't be generated with these constraints.");
        }
        String all = String.join("", classes);
        StringBuilder sb = new StringBuilder();
        do {
            sb.setLength(0);
            for (int i = 0; i < length; i++) {
                sb.append(all.charAt(random.nextInt(all.length())));
            }
        } while (requireEach && !classes.stream().allMatch(c -> sb.chars().anyMatch(ch -> c.indexOf(ch) >= 0)));
        JsonObject out = new JsonObject();
        out.addProperty("RandomPassword", sb.toString());
        return out;
    }

    private static void addClass(List<String> classes, String chars, boolean excluded, String exclude) {
        if (excluded) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        chars.chars().filter(c -> exclude.indexOf(c) < 0).forEach(c -> kept.append((char) c));
        if (kept.length() > 0) {
            classes.add(kept.toString());
        }
    }

    private static boolean flag(JsonObject in, String key) {
        return in.has(key) && in.get(key).getAsBoolean();
    }
}
