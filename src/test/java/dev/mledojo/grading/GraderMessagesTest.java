package dev.mledojo.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** A submission with a million unexpected columns gets a short message (hostile audit, finding 7: 35 MB stored). */
class GraderMessagesTest {

    @Test
    void longColumnListsAreShortenedWithACount() {
        List<String> million = IntStream.range(0, 1_000_000).mapToObj(i -> "c" + i).toList();
        String message = Grader.listed(million);
        assertThat(message).startsWith("c0, c1, c2").endsWith(" and 999,980 more").hasSizeLessThan(300);
        assertThat(Grader.listed(List.of("a", "b"))).isEqualTo("a, b");
        assertThat(Grader.listed(List.of("x".repeat(5000)))).hasSize(101);
    }
}
