package io.ferstream.platform.topics;

import java.util.regex.Pattern;

/**
 * Resolves a {@link FerTopic} to the name used on the cluster: the public name, behind an optional
 * common prefix (e.g. {@code staging.}) so several pipelines can share one cluster.
 */
public record TopicNames(String prefix) {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    public TopicNames {
        prefix = prefix == null ? "" : prefix;
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix may only contain letters, digits, '.', '_' and '-', was '"
                    + prefix + "'");
        }
    }

    public static TopicNames unprefixed() {
        return new TopicNames("");
    }

    public String of(FerTopic<?> topic) {
        return prefix + topic.name();
    }
}
