package dev.mledojo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.error.DomainException;
import dev.mledojo.error.Text;

class InputHygieneUnitTest {

    @Test
    void rawAndEncodedControlCharactersAndBrokenEncodingsAreNamed() {
        assertThat(InputHygiene.problem("/api/v1/tasks/a%00b")).contains("U+0000").contains("%00");
        assertThat(InputHygiene.problem("/x?q=a%0d%0aINFO forged")).contains("U+000D");
        assertThat(InputHygiene.problem("/x?q=%7F")).contains("U+007F");
        assertThat(InputHygiene.problem("/x?q=100%")).contains("broken percent-encoding");
        assertThat(InputHygiene.problem("/x?q=%g1")).contains("broken percent-encoding");
        assertThat(InputHygiene.problem("/x\tq")).contains("U+0009");
        assertThat(InputHygiene.problem("/tasks?tag=caf%C3%A9&q=a%20b+c")).isNull();
        assertThat(InputHygiene.problem("/leaderboard?board=domain:cv")).isNull();
    }

    @Test
    void nulIsFoundAnywhereInARequestAndReplacedInOutput() {
        assertThatThrownBy(() -> Text.refuseNul(Map.of("a", List.of("ok", Map.of("b", "x\0"))), "params"))
                .isInstanceOf(DomainException.class).hasMessageContaining("params.a[1].b");
        Text.refuseNul(Map.of("a", List.of("ok", 3, true)), "params");
        assertThat(Text.storable("a\0b")).isEqualTo("a\uFFFDb");
        assertThat(Text.storableDeep(Map.of("k\0", List.of("v\0")))).isEqualTo(Map.of("k\uFFFD", List.of("v\uFFFD")));
    }

    @Test
    void storedStringsAreCappedSayingHowMuchWasLeftOut() {
        String huge = "x".repeat(Text.MAX_STORED_CHARS + 12_345);
        String stored = Text.storableDeep(huge);
        assertThat(stored).hasSizeLessThan(Text.MAX_STORED_CHARS + 100).endsWith("(12,345 more characters not stored)");
        assertThat(Text.storableDeep("short")).isEqualTo("short");
    }
}
