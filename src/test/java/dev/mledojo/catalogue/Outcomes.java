package dev.mledojo.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-task results of a catalogue-wide test and the discipline around them: every failing task must be listed, with a
 * fragment of its reason, in the test's expected failures; a listed task that passes must be removed from the list (so
 * the list only shrinks); and at least a given number of tasks must pass. The whole table is printed either way.
 */
final class Outcomes {

    /** One task's result: passed, or the stage that failed and why. */
    record Outcome(String task, String metric, boolean passed, String detail) {
    }

    private final List<Outcome> outcomes = new ArrayList<>();

    void pass(String task, String metric, String detail) {
        outcomes.add(new Outcome(task, metric, true, detail));
    }

    void fail(String task, String metric, String reason) {
        outcomes.add(new Outcome(task, metric, false, Catalogue.oneLine(reason)));
    }

    List<Outcome> all() {
        return List.copyOf(outcomes);
    }

    long passed() {
        return outcomes.stream().filter(Outcome::passed).count();
    }

    /** The table: one line per task, failures with their reason. */
    String table(String title) {
        StringBuilder sb = new StringBuilder("\n== " + title + ": " + passed() + " of " + outcomes.size() + " tasks pass\n");
        for (Outcome o : outcomes) {
            sb.append(String.format("%-55s %-30s %-4s %s%n", o.task(), o.metric(), o.passed() ? "ok" : "FAIL", o.detail()));
        }
        return sb.toString();
    }

    /**
     * Asserts the discipline: failing tasks are exactly the listed ones (each failing for the listed reason, which must
     * occur in its message), and at least {@code minPassing} pass.
     */
    void assertExpected(String title, Map<String, String> expectedFailures, int expectedTasks, int minPassing) {
        System.out.println(table(title));
        Map<String, String> unexpected = new TreeMap<>();
        Map<String, String> otherReason = new TreeMap<>();
        List<String> nowPassing = new ArrayList<>();
        for (Outcome o : outcomes) {
            String expected = expectedFailures.get(o.task());
            if (o.passed()) {
                if (expected != null) {
                    nowPassing.add(o.task());
                }
            } else if (expected == null) {
                unexpected.put(o.task(), o.detail());
            } else if (!o.detail().contains(expected)) {
                otherReason.put(o.task(), "listed: '" + expected + "', actual: '" + o.detail() + "'");
            }
        }
        List<String> unknown = expectedFailures.keySet().stream()
                .filter(t -> outcomes.stream().noneMatch(o -> o.task().equals(t))).sorted().toList();
        assertThat(outcomes).as("catalogue tasks checked").hasSize(expectedTasks);
        assertThat(unexpected).as("tasks that fail but are not in the expected-failures list").isEmpty();
        assertThat(otherReason).as("listed tasks failing for another reason than listed").isEmpty();
        assertThat(nowPassing).as("listed as failing but pass now: remove them from the expected-failures list")
                .isEmpty();
        assertThat(unknown).as("expected failures naming no catalogue task").isEmpty();
        assertThat(passed()).as("tasks passing").isGreaterThanOrEqualTo(minPassing);
    }
}
