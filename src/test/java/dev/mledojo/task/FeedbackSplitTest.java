package dev.mledojo.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.mledojo.task.FeedbackSplit.Part;

class FeedbackSplitTest {

    private static final List<String> IDS = IntStream.range(0, 1000).mapToObj(i -> "id" + i).toList();

    @Test
    void same_seed_same_split_whatever_the_input_order() {
        Map<String, Part> a = FeedbackSplit.assign(IDS, 0.5, 7);
        List<String> reversed = new java.util.ArrayList<>(IDS);
        java.util.Collections.reverse(reversed);
        Map<String, Part> b = FeedbackSplit.assign(reversed, 0.5, 7);
        for (String id : IDS) {
            assertThat(b.get(id)).isEqualTo(a.get(id));
        }
        assertThat(FeedbackSplit.assign(IDS, 0.5, 8)).isNotEqualTo(a);
    }

    @Test
    void fraction_is_respected_and_both_parts_non_empty() {
        Map<String, Part> split = FeedbackSplit.assign(IDS, 0.3, 1);
        assertThat(split.values().stream().filter(p -> p == Part.FEEDBACK).count()).isEqualTo(300);
        Map<String, Part> two = FeedbackSplit.assign(List.of("a", "b"), 0.01, 1);
        assertThat(two.values()).containsExactlyInAnyOrder(Part.FEEDBACK, Part.FINAL);
        assertThat(FeedbackSplit.assign(IDS, 1.0, 1).values()).containsOnly(Part.FEEDBACK);
    }
}
