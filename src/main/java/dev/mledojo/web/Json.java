package dev.mledojo.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON embedded in pages. */
public final class Json {

    private Json() {
    }

    /** JSON for a {@code <script type="application/json">} block: no '<', so no text can close the script. */
    public static String forScript(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
