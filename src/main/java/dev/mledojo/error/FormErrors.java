package dev.mledojo.error;

import java.util.Collection;
import java.util.Map;


/**
 * What went wrong with a posted form (for pages; plain data, so that page templates may take it), for showing it again: a message per field (next to the field, linked by
 * {@code aria-describedby}) or, when the error names no field of this form, one message above it. Domain errors name
 * their field in the {@code field} detail, as problem JSON does.
 */
public record FormErrors(Map<String, String> fields, String general) {

    public static FormErrors none() {
        return new FormErrors(Map.of(), null);
    }

    /** One field's message. */
    public static FormErrors field(String field, String message) {
        return new FormErrors(Map.of(field, message), null);
    }

    /** A domain error, next to its field if the form has that field, else above the form. */
    public static FormErrors of(DomainException e, Collection<String> fieldsOfTheForm) {
        Object field = e.details().get(DomainException.FIELD);
        if (field instanceof String f && fieldsOfTheForm.contains(f)) {
            return field(f, e.getMessage());
        }
        return new FormErrors(Map.of(), e.getMessage());
    }

    /** The message for this field, or null. */
    public String of(String field) {
        return fields.get(field);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public boolean any() {
        return general != null || !fields.isEmpty();
    }
}
