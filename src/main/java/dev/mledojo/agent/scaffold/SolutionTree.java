package dev.mledojo.agent.scaffold;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The search state of the tree-search scaffold, without any I/O: the candidate programs (nodes) written so far, how
 * each one ran, and which operation comes next. A node is a whole program; a draft is a root, a debug attempt is the
 * child of the buggy node it repairs, an improvement is the child of the node it starts from.
 *
 * <p>Selection: draft until {@code drafts} drafts exist; then, with probability {@code debugProbability}, debug the
 * most recent buggy leaf whose chain of debug attempts is shorter than {@code maxDebugDepth}; otherwise improve the best
 * node (by its feedback score). Without any working node it debugs what can still be debugged, else drafts again.
 */
public final class SolutionTree {

    /** How a node came about. */
    public enum Stage {
        DRAFT, DEBUG, IMPROVE
    }

    /** Where a node stands: its program is being run, it failed, or it wrote a valid submission. */
    public enum Status {
        PENDING, BUGGY, VALID
    }

    /** The search's settings (validated by the agent factory). */
    public record Settings(int drafts, int maxDebugDepth, double debugProbability) {
        public Settings {
            if (drafts < 1 || maxDebugDepth < 0 || !(debugProbability >= 0 && debugProbability <= 1)) {
                throw new IllegalArgumentException("drafts >= 1, max debug depth >= 0, debug probability in [0, 1]");
            }
        }
    }

    /** The next operation: what to write, starting from which node (none for a draft). */
    public record Operation(Stage stage, Node parent) {
    }

    /** How a node's program ran: valid or not, its feedback scores (null when the platform shows none), what failed. */
    public record Outcome(boolean valid, Double score, Double humanRank, Integer submission, String problem) {

        public static Outcome valid(Double score, Double humanRank, Integer submission) {
            return new Outcome(true, score, humanRank, submission, null);
        }

        public static Outcome buggy(String problem) {
            return new Outcome(false, null, null, null, problem);
        }
    }

    /** One candidate program in the tree. */
    public static final class Node {
        private final int id;
        private final Node parent;
        private final Stage stage;
        private final String plan;
        private final String code;
        private final int debugDepth;
        private final List<Node> children = new ArrayList<>();
        private Status status = Status.PENDING;
        private Outcome outcome;

        Node(int id, Node parent, Stage stage, String plan, String code) {
            this.id = id;
            this.parent = parent;
            this.stage = stage;
            this.plan = plan;
            this.code = code;
            this.debugDepth = stage == Stage.DEBUG ? parent.debugDepth + 1 : 0;
        }

        /** 1, 2, ... in the order the nodes were written. */
        public int id() {
            return id;
        }

        public Optional<Node> parent() {
            return Optional.ofNullable(parent);
        }

        public Stage stage() {
            return stage;
        }

        /** The model's words about its approach (may be empty). */
        public String plan() {
            return plan;
        }

        public String code() {
            return code;
        }

        /** How many debug attempts in a row led to this node (0 for a draft or an improvement). */
        public int debugDepth() {
            return debugDepth;
        }

        public List<Node> children() {
            return Collections.unmodifiableList(children);
        }

        public Status status() {
            return status;
        }

        /** How its program ran; null while pending. */
        public Outcome outcome() {
            return outcome;
        }

        @Override
        public String toString() {
            return "Node[" + id + ", " + stage + (parent == null ? "" : " of " + parent.id) + ", " + status
                    + (outcome != null && outcome.score() != null ? ", score " + outcome.score() : "") + "]";
        }
    }

    private final Settings settings;
    private final boolean higherIsBetter;
    private final List<Node> nodes = new ArrayList<>();

    public SolutionTree(Settings settings, boolean higherIsBetter) {
        this.settings = settings;
        this.higherIsBetter = higherIsBetter;
    }

    public Settings settings() {
        return settings;
    }

    /** Every node, in the order written. */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /**
     * The next operation. {@code random} decides only between debugging and improving (when both are possible), so
     * that a seeded generator makes the search reproducible.
     */
    public Operation next(RandomGenerator random) {
        if (nodes.stream().anyMatch(n -> n.status == Status.PENDING)) {
            throw new IllegalStateException("a node is still being run; record its outcome first");
        }
        long drafts = nodes.stream().filter(n -> n.stage == Stage.DRAFT).count();
        if (drafts < settings.drafts()) {
            return new Operation(Stage.DRAFT, null);
        }
        Optional<Node> debuggable = debuggable();
        Optional<Node> best = best();
        if (best.isEmpty()) {
            // nothing works yet: repair what can still be repaired, or start afresh
            return debuggable.map(n -> new Operation(Stage.DEBUG, n)).orElseGet(() -> new Operation(Stage.DRAFT, null));
        }
        if (debuggable.isPresent() && settings.debugProbability() > 0
                && random.nextDouble() < settings.debugProbability()) {
            return new Operation(Stage.DEBUG, debuggable.get());
        }
        return new Operation(Stage.IMPROVE, best.get());
    }

    /** Adds the program written for {@code operation}; it is pending until {@link #record} says how it ran. */
    public Node add(Operation operation, String plan, String code) {
        if (operation.stage() != Stage.DRAFT && operation.parent() == null) {
            throw new IllegalArgumentException(operation.stage() + " needs the node it starts from");
        }
        Node node = new Node(nodes.size() + 1, operation.parent(), operation.stage(), plan == null ? "" : plan, code);
        if (operation.parent() != null) {
            operation.parent().children.add(node);
        }
        nodes.add(node);
        return node;
    }

    /** Records how a pending node's program ran. */
    public void record(Node node, Outcome outcome) {
        if (node.status != Status.PENDING) {
            throw new IllegalStateException("node " + node.id + " already has an outcome");
        }
        node.outcome = outcome;
        node.status = outcome.valid() ? Status.VALID : Status.BUGGY;
    }

    /**
     * The best valid node: the best feedback score in the task's direction (a tie goes to the later node, as the
     * platform's final submission does); without any score (feedback hidden), the latest valid node.
     */
    public Optional<Node> best() {
        Node best = null;
        for (Node n : nodes) {
            if (n.status != Status.VALID) {
                continue;
            }
            if (best == null || better(n, best)) {
                best = n;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code candidate}, written later, is at least as good as {@code incumbent}. */
    private boolean better(Node candidate, Node incumbent) {
        Double c = candidate.outcome.score();
        Double i = incumbent.outcome.score();
        if (c == null || i == null) {
            return c != null || i == null;
        }
        return higherIsBetter ? c >= i : c <= i;
    }

    /** The most recent buggy leaf whose debug chain is shorter than the bound. */
    private Optional<Node> debuggable() {
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node n = nodes.get(k);
            if (n.status == Status.BUGGY && n.children.isEmpty() && n.debugDepth < settings.maxDebugDepth()) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
