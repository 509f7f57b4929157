package dev.mledojo.catalogue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import dev.mledojo.grading.FeedbackMode;
import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.Grader;
import dev.mledojo.grading.PreparationReview;
import dev.mledojo.metric.CsvLimits;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricRegistry;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;
import dev.mledojo.task.Answers;
import dev.mledojo.task.FeedbackSplit;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;

/**
 * Every catalogue task, graded from its definition alone (no preparation): synthetic answers (id + targets with the
 * label type of the metric, plus {@code prepare.answer_columns}), a sample submission in the competition's layout
 * (its constant per column from {@code prepare.sample_submission_rule}, else the preparer's placeholder) and a perfect
 * submission (the answers under the submission's column names). The sample must pass validation and score a finite
 * number; the perfect one must score the metric's optimum. Tasks that cannot are listed in {@link #EXPECTED_FAILURES}
 * with their reason; the list may only shrink.
 */
class CatalogueGradingTest {

    static final int ROWS = 40;

    /** The number of catalogue tasks (data.source kaggle) in {@code tasks/}. */
    static final int CATALOGUE_TASKS = 202;

    /** Tasks that pass today; raise it when tasks are fixed. */
    static final int MIN_PASSING = 202;

    /** Task → a fragment of the reason it fails today. Only ever remove entries. */
    static final Map<String, String> EXPECTED_FAILURES = Map.of();

    @Test
    void every_catalogue_task_grades_its_sample_and_scores_the_answers_perfectly() {
        MetricRegistry registry = Catalogue.registry();
        Grader grader = new Grader(1L << 30, CsvLimits.rows(1_000_000));
        Outcomes outcomes = new Outcomes();
        for (Map.Entry<String, TaskParser.Result> e : Catalogue.tasks().entrySet()) {
            String name = e.getKey();
            if (e.getValue() instanceof TaskParser.Invalid invalid) {
                outcomes.fail(name, "?", "task.yaml is invalid: " + invalid.problem());
                continue;
            }
            TaskDefinition task = ((TaskParser.Valid) e.getValue()).definition();
            check(task, registry, grader, outcomes);
        }
        outcomes.assertExpected("grading from the definition", EXPECTED_FAILURES, CATALOGUE_TASKS, MIN_PASSING);
    }

    private static void check(TaskDefinition task, MetricRegistry registry, Grader grader, Outcomes outcomes) {
        String name = task.id();
        String metricId = task.metricId();
        Metric metric = registry.find(metricId).orElse(null);
        if (metric == null) {
            outcomes.fail(name, metricId, "metric " + metricId + " is not implemented");
            return;
        }
        List<String> extra = answerColumns(task);
        List<List<String>> base = Labels.answerRows(task, extra, 0, ROWS);
        List<String> targets = Catalogue.targets(task);
        MetricContext context = new MetricContext(task.idColumn(), targets, task.metricParams());
        // the answers: id column(s), targets, extra answer columns, then the submission's other columns (an id's
        // further parts and columns such as Date/Comment/ImageId are copied into both sample and perfect submissions)
        List<String> answerHeader = new ArrayList<>(task.idColumns());
        answerHeader.addAll(targets);
        answerHeader.addAll(extra);
        List<String> predictions = targets.stream().map(context::predictionColumn).toList();
        for (String c : task.submission().columns()) {
            if (!answerHeader.contains(c) && !predictions.contains(c)) {
                answerHeader.add(c);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < base.size(); r++) {
            List<String> b = base.get(r);
            List<String> row = new ArrayList<>();
            row.add(b.get(0));
            for (int k = 1; k < task.idColumns().size(); k++) {
                row.add(Integer.toString(1000 + r));
            }
            row.addAll(b.subList(1, b.size()));
            while (row.size() < answerHeader.size()) {
                row.add(Integer.toString(r));
            }
            rows.add(row);
        }
        Answers answers;
        try {
            Table truth = CsvTables.read(bytes(Catalogue.csv(answerHeader, rows)), CsvLimits.none());
            List<String> ids = rows.stream().map(r -> r.get(0)).toList();
            answers = new Answers(truth, FeedbackSplit.assign(ids, task.feedbackFraction(), FeedbackSplit.seedOf(task)));
        } catch (RuntimeException ex) {
            outcomes.fail(name, metricId, "synthetic answers unreadable: " + ex.getMessage());
            return;
        }
        List<String> header = Catalogue.submissionHeader(task);
        List<String> constants = SampleRule.constants(task, base);
        List<List<String>> sample = new ArrayList<>();
        List<List<String>> perfect = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> s = new ArrayList<>();
            List<String> p = new ArrayList<>();
            for (String c : header) {
                int t = predictions.indexOf(c);
                String truthColumn = t >= 0 ? targets.get(t) : c;
                String value = r.get(answerHeader.indexOf(truthColumn));
                s.add(t >= 0 ? constants.get(t) : value);
                p.add(t >= 0 ? metric.perfectPrediction(value) : value);
            }
            sample.add(s);
            perfect.add(p);
        }
        GradeReport sampleGrade;
        try {
            sampleGrade = grade(grader, task, metric, answers, Catalogue.csv(header, sample));
        } catch (InvalidSubmissionException | ScoringException | IllegalStateException | IllegalArgumentException ex) {
            outcomes.fail(name, metricId, "sample refused: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return;
        }
        if (!Double.isFinite(sampleGrade.scores().full()) && !(Double.isNaN(sampleGrade.scores().full())
                && PreparationReview.undefinedForConstant(metricId))) {
            outcomes.fail(name, metricId, "sample scores " + sampleGrade.scores().full() + " (constants " + constants + ")");
            return;
        }
        GradeReport perfectGrade;
        try {
            perfectGrade = grade(grader, task, metric, answers, Catalogue.csv(header, perfect));
        } catch (InvalidSubmissionException | ScoringException | IllegalStateException | IllegalArgumentException ex) {
            outcomes.fail(name, metricId, "perfect submission refused: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return;
        }
        double s = perfectGrade.scores().full();
        OptionalDouble optimum = Catalogue.optimum(metricId, task.metricParams());
        if (optimum.isEmpty()) {
            outcomes.fail(name, metricId, "no known optimum; the answers score " + Catalogue.fmt(s));
            return;
        }
        double best = optimum.getAsDouble();
        if (!(Math.abs(s - best) <= Catalogue.tolerance(metricId) * Math.max(1, Math.abs(best)))) {
            outcomes.fail(name, metricId, "perfect submission scores " + Catalogue.fmt(s) + ", optimum " + Catalogue.fmt(best));
            return;
        }
        outcomes.pass(name, metricId, "sample " + Catalogue.fmt(sampleGrade.scores().full()) + ", perfect " + Catalogue.fmt(s));
    }

    private static GradeReport grade(Grader grader, TaskDefinition task, Metric metric, Answers answers, String csv) {
        byte[] b = csv.getBytes(StandardCharsets.UTF_8);
        return grader.grade(task, metric, answers, new ByteArrayInputStream(b), b.length, FeedbackMode.SPLIT);
    }

    /** {@code prepare.answer_columns}: extra answer columns the metric reads (weights, groups). */
    static List<String> answerColumns(TaskDefinition task) {
        Object v = task.prepare().get("answer_columns");
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        if (v instanceof String s && !s.isBlank()) {
            return List.of(s.split(";")).stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
        }
        return List.of();
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
