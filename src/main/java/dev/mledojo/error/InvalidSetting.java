package dev.mledojo.error;

/**
 * A config value that is wrong, naming the config key it concerns (e.g. {@code base_url}), so that the edge can point
 * at the field: agent factories and model providers report config errors as IllegalArgumentException, and this one
 * says where.
 */
public class InvalidSetting extends IllegalArgumentException {

    private final String key;

    public InvalidSetting(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The config key the message is about. */
    public String key() {
        return key;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a user's mistake, not a bug
    }
}
