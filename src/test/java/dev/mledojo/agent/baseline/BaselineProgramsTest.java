package dev.mledojo.agent.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.agent.AgentPolicy.TaskBrief;

/**
 * Runs the rendered baseline programs with the system Python (outside the sandbox, data and workspace redirected to
 * temporary folders) on small task shapes the practice tasks do not cover: class-named probability columns, several
 * targets, no test.csv, awkward column names. Skipped without Python + pandas + scikit-learn, failed under
 * {@code DOJO_CI=true}.
 */
class BaselineProgramsTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    final BaselineCode code = new BaselineCode();

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePython() throws Exception {
        String missing = null;
        if (!Files.isExecutable(PYTHON)) {
            missing = PYTHON + " not found";
        } else {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pandas, sklearn").redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                missing = "pandas or scikit-learn missing";
            }
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("DOJO_CI"))) {
                fail("DOJO_CI=true but the baseline programs cannot be run: " + missing);
            }
            Assumptions.abort(missing);
        }
    }

    record Run(int exit, String output, List<String> submission) {
    }

    Run run(String program, String submissionFile) throws Exception {
        Path data = dir.resolve("data");
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-").redirectErrorStream(true);
        pb.environment().put("BASELINE_DATA_DIR", data.toString());
        pb.environment().put("BASELINE_WORKSPACE_DIR", workspace.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(program.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("program finished").isTrue();
        Path sub = workspace.resolve(submissionFile);
        return new Run(p.exitValue(), out, Files.exists(sub) ? Files.readAllLines(sub) : List.of());
    }

    void write(String name, List<String> lines) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data").resolve(name), lines);
    }

    /** Three species from two numbers and a colour; the submission wants one probability column per species. */
    void speciesTask() throws IOException {
        Random rnd = new Random(3);
        String[] species = {"cat", "dog", "fox"};
        List<String> train = new ArrayList<>(List.of("id,x1,x2,colour,species"));
        List<String> test = new ArrayList<>(List.of("id,x1,x2,colour"));
        List<String> sample = new ArrayList<>(List.of("id,cat,dog,fox"));
        for (int i = 0; i < 300; i++) {
            int s = i % 7 == 0 ? 2 : i % 2;
            String row = String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s", s + rnd.nextGaussian() * 0.5,
                    rnd.nextGaussian(), s == 1 ? "red" : "grey");
            if (i < 240) {
                train.add(i + "," + row + "," + species[s]);
            } else {
                test.add(i + "," + row);
                sample.add(i + ",0.333,0.333,0.334");
            }
        }
        write("train.csv", train);
        write("test.csv", test);
        write("sample_submission.csv", sample);
    }

    @Test
    void class_named_probability_columns_get_one_probability_per_class() throws Exception {
        speciesTask();
        TaskBrief brief = new TaskBrief("zoo", "Zoo", "tabular", "log_loss_multiclass", false, "id",
                List.of("cat", "dog", "fox"), "submission.csv", 5);
        for (String program : List.of(code.sklearn(brief), code.constant(brief))) {
            Run run = run(program, "submission.csv");
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.submission()).hasSize(61);
            assertThat(run.submission().get(0)).isEqualTo("id,cat,dog,fox");
            for (String line : run.submission().subList(1, 61)) {
                String[] cells = line.split(",");
                double sum = Double.parseDouble(cells[1]) + Double.parseDouble(cells[2]) + Double.parseDouble(cells[3]);
                assertThat(sum).as(line).isBetween(0.99, 1.01);
            }
        }
        // the constant is the class prior of the training data
        Run constant = run(code.constant(new TaskBrief("zoo", "Zoo", "tabular", "log_loss_multiclass", false, "id",
                List.of("cat", "dog", "fox"), "submission.csv", 5)), "submission.csv");
        assertThat(constant.output()).contains("constant for 'fox' = 0.1458");
    }

    @Test
    void several_targets_in_the_training_data_are_each_predicted() throws Exception {
        Random rnd = new Random(5);
        List<String> train = new ArrayList<>(List.of("id,x,kind,a,b"));
        List<String> test = new ArrayList<>(List.of("id,x,kind"));
        for (int i = 0; i < 400; i++) {
            double x = rnd.nextGaussian();
            String kind = rnd.nextBoolean() ? "k1" : "k2";
            if (i < 300) {
                train.add(i + "," + x + "," + kind + "," + (x + 0.3 * rnd.nextGaussian() > 0 ? 1 : 0) + ","
                        + (kind.equals("k1") ^ rnd.nextDouble() < 0.1 ? 1 : 0));
            } else {
                test.add(i + "," + x + "," + kind);
            }
        }
        write("train.csv", train);
        write("test.csv", test);
        TaskBrief brief = new TaskBrief("multi", "Multi", "tabular", "mean_columnwise_roc_auc", true, "id",
                List.of("a", "b"), "out.csv", 5);
        Run run = run(code.sklearn(brief), "out.csv");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.submission()).hasSize(101).first().isEqualTo("id,a,b");
        long distinct = run.submission().stream().skip(1).map(l -> l.split(",")[1]).distinct().count();
        assertThat(distinct).as("a learned score, not a constant").isGreaterThan(10);
        Run constant = run(code.constant(brief), "out.csv");
        assertThat(constant.exit()).as(constant.output()).isZero();
        assertThat(constant.submission().get(1)).matches("300,0\\.\\d+,0\\.\\d+");
    }

    @Test
    void without_test_csv_the_ids_come_from_the_sample_with_their_spelling() throws Exception {
        write("train.csv", List.of("Id,it's,x", "001,yes,1", "002,no,2", "003,yes,3"));
        write("sample_submission.csv", List.of("Id,it's", "007,no", "0010,no"));
        TaskBrief brief = new TaskBrief("odd", "Odd", "other", "accuracy", true, "Id", List.of("it's"), "answer.csv",
                5);
        Run constant = run(code.constant(brief), "answer.csv");
        assertThat(constant.exit()).as(constant.output()).isZero();
        assertThat(constant.submission()).containsExactly("Id,it's", "007,yes", "0010,yes");
        Run sklearn = run(code.sklearn(brief), "answer.csv");
        assertThat(sklearn.exit()).as("no test.csv: the sklearn program fails, so the policy retries the constant")
                .isNotZero();
        assertThat(sklearn.output()).contains("needs /data/train.csv and /data/test.csv");
        Run copy = run(code.sampleSubmission(brief), "answer.csv");
        assertThat(copy.exit()).as(copy.output()).isZero();
        assertThat(copy.submission()).containsExactly("Id,it's", "007,no", "0010,no");
    }
}
