package dev.mledojo.kubernetes;

import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.commons.codec.digest.DigestUtils;

/** Names and label values of the objects an episode gets: DNS-1123 safe and at most 63 characters. */
public final class JobNames {

    /** Labels on everything the platform creates. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String EPISODE = "mledojo.dev/episode";
    public static final String SUBMISSION = "mledojo.dev/submission";
    public static final String ATTEMPT = "mledojo.dev/attempt";
    public static final String TASK = "mledojo.dev/task";
    public static final String OWNER = "mledojo.dev/owner";
    public static final String QUEUE = "kueue.x-k8s.io/queue-name";
    public static final String MANAGER = "mle-dojo";

    private static final int MAX = 63;
    private static final Pattern INVALID = Pattern.compile("[^a-z0-9-]");
    private static final Pattern LABEL_INVALID = Pattern.compile("[^A-Za-z0-9._-]");

    private JobNames() {
    }

    /** The Job of an episode: {@code ep-<episode id>} (a UUID keeps it within 63 characters). */
    public static String job(String episodeId) {
        return dnsLabel("ep-" + episodeId);
    }

    /** The Secret holding the episode token. */
    public static String tokenSecret(String episodeId) {
        return dnsLabel("ep-" + episodeId + "-token");
    }

    /** A label value: letters, digits, '-', '_', '.', starting and ending alphanumeric, at most 63 characters. */
    public static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        String v = LABEL_INVALID.matcher(value).replaceAll("-");
        if (v.length() > MAX) {
            v = v.substring(0, MAX);
        }
        return v.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    /** A pseudonymous label for a person: the first 16 hex of the SHA-256 of the name. */
    public static String ownerHash(String owner) {
        return DigestUtils.sha256Hex(owner == null ? "" : owner).substring(0, 16);
    }

    /** An object name: lower-case DNS-1123 label. */
    static String dnsLabel(String raw) {
        String v = INVALID.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll("-");
        if (v.length() > MAX) {
            v = v.substring(0, MAX);
        }
        v = v.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        if (v.isEmpty()) {
            throw new IllegalArgumentException("'" + raw + "' gives no valid Kubernetes name");
        }
        return v;
    }
}
