package dev.mledojo.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details, with extension members (e.g. {@code kind}) flattened into the object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://mle-dojo.dev/problems/";

    public static Problem of(int status, String slug, String title, String detail, String instance,
            Map<String, Object> extensions) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance,
                extensions == null ? Map.of() : new LinkedHashMap<>(extensions));
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions;
    }
}
