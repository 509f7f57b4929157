package dev.mledojo.agent.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import dev.mledojo.agent.scaffold.SolutionTree.Node;
import dev.mledojo.agent.scaffold.SolutionTree.Operation;
import dev.mledojo.agent.scaffold.SolutionTree.Outcome;
import dev.mledojo.agent.scaffold.SolutionTree.Stage;
import dev.mledojo.agent.scaffold.SolutionTree.Status;

/** The tree search's selection policy and best node, without a model or an environment. */
class SolutionTreeTest {

    /** A generator whose every draw is {@code value}: makes the debug-or-improve choice explicit. */
    static RandomGenerator always(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    static Node run(SolutionTree tree, RandomGenerator random, Outcome outcome) {
        Operation op = tree.next(random);
        Node node = tree.add(op, op.stage() + " plan", "print('" + op.stage() + "')\n");
        tree.record(node, outcome);
        return node;
    }

    @Test
    void drafts_first_then_debugs_a_buggy_leaf_within_the_bound_then_improves_the_best() {
        SolutionTree tree = new SolutionTree(new SolutionTree.Settings(2, 2, 1.0), true);
        RandomGenerator random = always(0.0);
        Node a = run(tree, random, Outcome.valid(0.7, 0.4, 1));
        Node b = run(tree, random, Outcome.buggy("KeyError: 'target'"));
        assertThat(a.stage()).isEqualTo(Stage.DRAFT);
        assertThat(b.stage()).isEqualTo(Stage.DRAFT);

        Node b1 = run(tree, random, Outcome.buggy("NameError"));
        assertThat(b1.stage()).isEqualTo(Stage.DEBUG);
        assertThat(b1.parent()).contains(b);
        assertThat(b1.debugDepth()).isEqualTo(1);
        Node b2 = run(tree, random, Outcome.buggy("still wrong"));
        assertThat(b2.parent()).contains(b1);
        assertThat(b2.debugDepth()).isEqualTo(2);

        // b2 has used up its two debug attempts: the best node is improved
        Operation next = tree.next(random);
        assertThat(next.stage()).isEqualTo(Stage.IMPROVE);
        assertThat(next.parent()).isSameAs(a);
        Node a1 = tree.add(next, "more trees", "print(1)\n");
        tree.record(a1, Outcome.valid(0.8, 0.6, 2));
        assertThat(tree.best()).contains(a1);
        Operation then = tree.next(random);
        assertThat(then.stage()).isEqualTo(Stage.IMPROVE);
        assertThat(then.parent()).isSameAs(a1);
        assertThat(tree.nodes()).extracting(Node::id).containsExactly(1, 2, 3, 4, 5);
        assertThat(a.children()).containsExactly(a1);
    }

    @Test
    void the_debug_probability_decides_between_debugging_and_improving() {
        SolutionTree tree = new SolutionTree(new SolutionTree.Settings(2, 3, 0.5), true);
        run(tree, always(0.0), Outcome.valid(0.6, null, 1));
        Node buggy = run(tree, always(0.0), Outcome.buggy("boom"));
        assertThat(tree.next(always(0.49))).isEqualTo(new Operation(Stage.DEBUG, buggy));
        assertThat(tree.next(always(0.5)).stage()).isEqualTo(Stage.IMPROVE);

        SolutionTree never = new SolutionTree(new SolutionTree.Settings(1, 3, 0.0), true);
        run(never, always(0.0), Outcome.valid(0.6, null, 1));
        Node improved = run(never, always(0.0), Outcome.buggy("boom"));
        assertThat(improved.stage()).isEqualTo(Stage.IMPROVE);
        assertThat(never.next(always(0.0)).stage()).isEqualTo(Stage.IMPROVE);
    }

    @Test
    void without_a_working_node_it_debugs_what_it_can_and_then_drafts_again() {
        SolutionTree tree = new SolutionTree(new SolutionTree.Settings(1, 1, 0.0), true);
        Node draft = run(tree, always(0.9), Outcome.buggy("boom"));
        // probability 0, but nothing works: debugging is the only way forward
        Node fix = run(tree, always(0.9), Outcome.buggy("boom again"));
        assertThat(fix.parent()).contains(draft);
        assertThat(tree.next(always(0.9))).isEqualTo(new Operation(Stage.DRAFT, null));
        assertThat(tree.best()).isEmpty();
    }

    @Test
    void the_best_node_follows_the_metric_direction_and_a_tie_goes_to_the_later_node() {
        SolutionTree lower = new SolutionTree(new SolutionTree.Settings(3, 0, 0.0), false);
        run(lower, always(0.0), Outcome.valid(2.0, 0.3, 1));
        Node small = run(lower, always(0.0), Outcome.valid(1.0, 0.5, 2));
        run(lower, always(0.0), Outcome.valid(3.0, 0.1, 3));
        assertThat(lower.best()).contains(small);

        SolutionTree ties = new SolutionTree(new SolutionTree.Settings(2, 0, 0.0), true);
        run(ties, always(0.0), Outcome.valid(0.5, 0.2, 1));
        Node later = run(ties, always(0.0), Outcome.valid(0.5, 0.2, 2));
        assertThat(ties.best()).contains(later);

        // feedback hidden (no scores): the latest valid node
        SolutionTree hidden = new SolutionTree(new SolutionTree.Settings(3, 0, 0.0), true);
        run(hidden, always(0.0), Outcome.valid(null, null, 1));
        Node last = run(hidden, always(0.0), Outcome.valid(null, null, 2));
        run(hidden, always(0.0), Outcome.buggy("x"));
        assertThat(hidden.best()).contains(last);
        assertThat(last.status()).isEqualTo(Status.VALID);
    }

    @Test
    void a_node_must_be_recorded_before_the_next_operation() {
        SolutionTree tree = new SolutionTree(new SolutionTree.Settings(2, 1, 0.5), true);
        Node node = tree.add(tree.next(new Random(1)), "", "print(1)\n");
        assertThatThrownBy(() -> tree.next(new Random(1))).isInstanceOf(IllegalStateException.class);
        tree.record(node, Outcome.buggy("x"));
        assertThatThrownBy(() -> tree.record(node, Outcome.buggy("y"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SolutionTree.Settings(0, 1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SolutionTree.Settings(1, 1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
