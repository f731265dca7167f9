package io.github.dynamicsecrets.provider.aws.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One secret in {@link FakeSecretsManager}: versions and the staging labels on them, with the
 * label rules of the Secrets Manager API reference (a label is on one version at most; moving
 * {@code AWSCURRENT} moves {@code AWSPREVIOUS} to the version it left). Guarded by the server's
 * lock.
 */
final class FakeSecret {

    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";

    final String name;
    final String arn;
    final double createdDate;
    double lastChangedDate;
    Double deletedDate;
    String description;
    String kmsKeyId;
    final Map<String, Version> versions = new LinkedHashMap<>();

    FakeSecret(String name, String arn, double now) {
        this.name = name;
        this.arn = arn;
        this.createdDate = now;
        this.lastChangedDate = now;
    }

    static final class Version {
        final String id;
        final String string;
        final byte[] binary;
        final double createdDate;
        final Set<String> stages = new LinkedHashSet<>();

        Version(String id, String string, byte[] binary, double createdDate) {
            this.id = id;
            this.string = string;
            this.binary = binary;
            this.createdDate = createdDate;
        }

        boolean sameValue(String s, byte[] b) {
            return java.util.Objects.equals(string, s) && java.util.Arrays.equals(binary, b);
        }
    }

    /** The version holding a label, or null. */
    Version withStage(String stage) {
        for (Version v : versions.values()) {
            if (v.stages.contains(stage)) {
                return v;
            }
        }
        return null;
    }

    /** Attaches a label to a version, removing it from any other; AWSCURRENT drags AWSPREVIOUS along. */
    void attach(String stage, Version to) {
        Version from = withStage(stage);
        if (from == to) {
            return;
        }
        if (from != null) {
            from.stages.remove(stage);
        }
        to.stages.add(stage);
        if (stage.equals(CURRENT) && from != null) {
            Version prev = withStage(PREVIOUS);
            if (prev != null) {
                prev.stages.remove(PREVIOUS);
            }
            from.stages.add(PREVIOUS);
            to.stages.remove(PREVIOUS);
        }
    }

    /** The version-to-labels map of the versions that have labels (unlabelled ones are deprecated). */
    Map<String, List<String>> staged() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Version v : versions.values()) {
            if (!v.stages.isEmpty()) {
                out.put(v.id, new ArrayList<>(v.stages));
            }
        }
        return out;
    }
}
