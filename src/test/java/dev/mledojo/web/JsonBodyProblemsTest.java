package dev.mledojo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the API says about a JSON body it cannot read, for each kind of refusal Jackson makes. */
class JsonBodyProblemsTest {

    enum Colour { RED, GREEN }

    record Body(Colour colour, Boolean flag, List<String> names, Double ratio, @JsonProperty("a/b~c") Integer odd,
            Inner inner) {
    }

    record Inner(int size) {
        Inner {
            if (size < 0) {
                throw new IllegalArgumentException("internal detail that must stay on the server");
            }
        }
    }

    private static Problem problem(String json) {
        JsonProcessingException e = catchThrowableOfType(() -> new ObjectMapper().readValue(json, Body.class),
                JsonProcessingException.class);
        assertThat(e).as("Jackson refuses %s", json).isNotNull();
        return JsonBodyProblems.unreadable(e, "/api/v1/x");
    }

    @Test
    void a_value_outside_an_enumeration_lists_the_accepted_ones() {
        Problem p = problem("{\"colour\": \"purple\"}");
        assertThat(p.type()).isEqualTo(Problem.TYPE_BASE + "invalid-body");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.detail()).isEqualTo("The request body does not have the expected shape: 'colour' must be one of "
                + "RED, GREEN, not \"purple\".");
        assertThat(p.extensions()).containsEntry("pointer", "/colour");
        assertThat(p.instance()).isEqualTo("/api/v1/x");
    }

    @Test
    void each_kind_of_value_is_named_in_the_api_words() {
        assertThat(problem("{\"flag\": \"maybe\"}").detail()).endsWith("'flag' must be true or false, not \"maybe\".");
        assertThat(problem("{\"names\": 5}").detail()).endsWith("'names' must be an array, not an integer.");
        assertThat(problem("{\"ratio\": {}}").detail()).endsWith("'ratio' must be a number, not an object.");
        assertThat(problem("{\"names\": [\"a\", []]}").detail()).endsWith("'names[1]' must be text, not an array.");
    }

    @Test
    void a_number_too_large_for_its_field_says_the_range() {
        Problem p = problem("{\"inner\": {\"size\": 10000000000}}");
        assertThat(p.type()).isEqualTo(Problem.TYPE_BASE + "invalid-body");
        assertThat(p.detail()).startsWith("The request body has a number out of range at 'inner.size': ")
                .contains("out of range of int");
        assertThat(p.extensions()).containsEntry("pointer", "/inner/size");
    }

    @Test
    void the_pointer_escapes_slash_and_tilde_as_rfc_6901_says() {
        Problem p = problem("{\"a/b~c\": \"x\"}");
        assertThat(p.extensions()).containsEntry("pointer", "/a~1b~0c");
        assertThat(p.detail()).endsWith("'a/b~c' must be an integer, not \"x\".");
    }

    @Test
    void a_value_a_constructor_refuses_is_placed_without_the_servers_message() {
        Problem p = problem("{\"inner\": {\"size\": -1}}");
        assertThat(p.type()).isEqualTo(Problem.TYPE_BASE + "invalid-body");
        assertThat(p.detail()).isEqualTo("The request body has a value that is not allowed at 'inner'.");
        assertThat(p.detail()).doesNotContain("internal detail");
        assertThat(p.extensions()).containsEntry("pointer", "/inner");
    }

    @Test
    void text_that_is_not_json_gets_line_column_and_reason_without_the_source() {
        Problem p = problem("{\n  \"flag\": tru");
        assertThat(p.type()).isEqualTo(Problem.TYPE_BASE + "invalid-json");
        assertThat(p.title()).isEqualTo("Invalid JSON");
        assertThat(p.detail()).startsWith("The request body is not valid JSON at line 2, column ");
        assertThat(p.detail()).contains("Unrecognized token 'tru'").doesNotContain("Source");
    }

    @Test
    void control_characters_of_the_client_are_escaped() {
        Problem p = problem("{\"colour\": \"re\\u0000d\\nX\"}");
        assertThat(p.detail()).contains("not \"re\\u0000d\\u000aX\"").doesNotContain("\n").doesNotContain("\u0000");
    }
}
