package dev.mledojo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** What counts as well-formed HTTP Basic credentials (the rest is refused before any password check). */
class ApiChallengeUnitTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void base64_of_a_user_a_colon_and_a_password_is_well_formed() {
        assertThat(ApiChallenge.wellFormedBasic(b64("demo:demo"))).isTrue();
        assertThat(ApiChallenge.wellFormedBasic(b64("demo:"))).isTrue(); // an empty password is a wrong one, not malformed
        assertThat(ApiChallenge.wellFormedBasic(b64("é:pä:ss"))).isTrue();
    }

    @Test
    void no_base64_or_no_colon_is_malformed() {
        assertThat(ApiChallenge.wellFormedBasic("!!!")).isFalse();
        assertThat(ApiChallenge.wellFormedBasic(b64("admin"))).isFalse();
        assertThat(ApiChallenge.wellFormedBasic("")).isFalse();
    }
}
