package dev.mledojo.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskParserTest {

    static final String YAML = """
            id: demo-task
            title: Demo task
            domain: tabular
            tags: [practice, regression]
            summary: Predict y.
            metric:
              id: rmse
              params: {nan: propagate}
            higher_is_better: false
            id_column: id
            target_columns: [y]
            submission_file: submission.csv
            data:
              source: generator
              generator: tabular-regression
              seed: 3
            leaderboard:
              kind: reference
            """;

    @TempDir
    Path dir;

    Path folder(String yaml) throws IOException {
        Path f = dir.resolve("demo-task");
        Files.createDirectories(f.resolve("leaderboard"));
        Files.writeString(f.resolve("task.yaml"), yaml);
        Files.writeString(f.resolve("description.md"), "# Demo\n");
        Files.writeString(f.resolve("leaderboard/public.csv"), "rank,score\n1,0.5\n2,0.7\n");
        Files.writeString(f.resolve("leaderboard/private.csv"), "rank,score\n1,0.4\n2,0.8\n3,0.9\n");
        return f;
    }

    @Test
    void parses_a_complete_folder() throws IOException {
        TaskParser.Result r = TaskParser.parse(folder(YAML));
        assertThat(r).isInstanceOf(TaskParser.Valid.class);
        TaskDefinition d = ((TaskParser.Valid) r).definition();
        assertThat(d.metricId()).isEqualTo("rmse");
        assertThat(d.metricParams().string("nan", null)).isEqualTo("propagate");
        assertThat(d.higherIsBetter()).isFalse();
        assertThat(d.tags()).containsExactly("practice", "regression");
        assertThat(d.privateBoard()).containsExactly(0.4, 0.8, 0.9);
        assertThat(d.leaderboard().label()).isEqualTo("reference board (generated)");
        assertThat(d.data().generated()).isTrue();
        assertThat(d.feedbackFraction()).isEqualTo(0.5);
        assertThat(d.contentHash()).hasSize(64);
        assertThat(TaskParser.parse(folder(YAML + "resources: {memory: 512Mi, time_limit: 60}\n")))
                .isInstanceOfSatisfying(TaskParser.Valid.class, v -> {
                    assertThat(v.definition().resources().memoryBytes()).isEqualTo(512L * 1024 * 1024);
                    assertThat(v.definition().resources().timeLimitSeconds()).isEqualTo(60);
                });
    }

    @Test
    void content_hash_changes_with_any_file_and_only_then() throws IOException {
        Path f = folder(YAML);
        String before = TaskParser.contentHash(f);
        assertThat(TaskParser.contentHash(f)).isEqualTo(before);
        Files.writeString(f.resolve("description.md"), "# Demo, edited\n");
        assertThat(TaskParser.contentHash(f)).isNotEqualTo(before);
    }

    private TaskProblem problemOf(String yaml) throws IOException {
        TaskParser.Result r = TaskParser.parse(folder(yaml));
        assertThat(r).isInstanceOf(TaskParser.Invalid.class);
        return ((TaskParser.Invalid) r).problem();
    }

    @Test
    void reports_file_field_and_reason() throws IOException {
        assertThat(problemOf(YAML.replace("domain: tabular", "domain: space")))
                .isEqualTo(new TaskProblem("task.yaml", "domain",
                        "'space' is not one of tabular, cv, nlp, audio, timeseries, multimodal, other"));
        assertThat(problemOf(YAML.replace("higher_is_better: false", "higher_is_better: maybe")).field())
                .isEqualTo("higher_is_better");
        assertThat(problemOf(YAML.replace("  id: rmse\n", "")).field()).isEqualTo("metric.id");
        assertThat(problemOf(YAML.replace("id: demo-task", "id: other")).reason()).contains("differs from the folder name");
        assertThat(problemOf(YAML + "colour: blue\n").field()).isEqualTo("colour");
        assertThat(problemOf(YAML.replace("tags: [practice, regression]", "tags: [Bad Tag]")).field()).isEqualTo("tags");
        assertThat(problemOf("id: [unclosed").reason()).startsWith("not valid YAML");
        assertThat(problemOf(YAML + "resources: {memory: lots}\n").field()).isEqualTo("resources.memory");
        // the submission file is a plain name in the workspace: never a path that resolves elsewhere on the host
        for (String path : new String[] {"../../etc/passwd", "/tmp/x.csv", "sub/dir.csv", "..", ".hidden"}) {
            assertThat(problemOf(YAML.replace("submission_file: submission.csv", "submission_file: \"" + path + "\"")))
                    .as(path).extracting(TaskProblem::field).isEqualTo("submission_file");
        }
    }

    @Test
    void reports_broken_boards_and_missing_files() throws IOException {
        Path f = folder(YAML);
        Files.writeString(f.resolve("leaderboard/private.csv"), "rank,score\n1,0.4\n2,abc\n");
        TaskProblem p = ((TaskParser.Invalid) TaskParser.parse(f)).problem();
        assertThat(p.file()).isEqualTo("leaderboard/private.csv");
        assertThat(p.reason()).contains("line 3").contains("abc");
        Files.writeString(f.resolve("leaderboard/private.csv"), "rank,score\n1,0.4\n");
        Files.delete(f.resolve("description.md"));
        assertThat(((TaskParser.Invalid) TaskParser.parse(f)).problem().file()).isEqualTo("description.md");
    }

    @Test
    void a_file_that_is_not_utf8_text_is_said_to_be_so() throws IOException {
        Path f = folder(YAML);
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3};
        Files.write(f.resolve("leaderboard/public.csv"), binary);
        TaskProblem board = ((TaskParser.Invalid) TaskParser.parse(f)).problem();
        assertThat(board.file()).isEqualTo("leaderboard/public.csv");
        assertThat(board.reason()).isEqualTo("not UTF-8 text");
        Files.writeString(f.resolve("leaderboard/public.csv"), "rank,score\n1,0.5\n");
        Files.write(f.resolve("task.yaml"), binary);
        TaskProblem yaml = ((TaskParser.Invalid) TaskParser.parse(f)).problem();
        assertThat(yaml.file()).isEqualTo("task.yaml");
        assertThat(yaml.reason()).isEqualTo("not UTF-8 text");
    }

    private TaskDefinition valid(String yaml) throws IOException {
        TaskParser.Result r = TaskParser.parse(folder(yaml));
        assertThat(r).isInstanceOf(TaskParser.Valid.class);
        return ((TaskParser.Valid) r).definition();
    }

    @Test
    void submission_rules_default_to_one_id_the_listed_targets_and_nothing_else() throws IOException {
        TaskDefinition d = valid(YAML);
        assertThat(d.idColumns()).containsExactly("id");
        assertThat(d.targetsAfterId()).isFalse();
        assertThat(d.submission()).isEqualTo(SubmissionFormat.simple("id"));
        assertThat(d.submissionHeader()).containsExactly("id", "y");
        assertThat(d.targetColumns(List.of("id", "y", "weight"))).containsExactly("y");
    }

    @Test
    void target_columns_all_after_id_takes_every_answer_column_after_the_id() throws IOException {
        TaskDefinition d = valid(YAML.replace("target_columns: [y]", "target_columns: all_after_id"));
        assertThat(d.targetsAfterId()).isTrue();
        assertThat(d.targetColumns()).isEmpty();
        assertThat(d.targetColumns(List.of("id", "cat", "dog"))).containsExactly("cat", "dog");
        assertThat(d.targetColumnsLabel()).isEqualTo("every answer column after id (see sample_submission.csv)");
        assertThat(d.submissionHeader()).containsExactly("id");
    }

    @Test
    void a_description_in_target_columns_is_refused() throws IOException {
        assertThat(problemOf(YAML.replace("target_columns: [y]",
                "target_columns: [\"120 breed columns (all GT columns after id)\"]")))
                .isEqualTo(new TaskProblem("task.yaml", "target_columns", "'120 breed columns (all GT columns after id)' "
                        + "is a description, not a column name; list the answer columns, or write target_columns: "
                        + "all_after_id for every column after the id"));
        assertThat(problemOf(YAML.replace("target_columns: [y]", "target_columns: [\"O1;O2;...;O198\"]")).field())
                .isEqualTo("target_columns");
        assertThat(problemOf(YAML.replace("target_columns: [y]", "target_columns: all_columns")))
                .isEqualTo(new TaskProblem("task.yaml", "target_columns", "must be a list of answer column names, e.g. "
                        + "[a, b], or all_after_id (every answer column after the id), got 'all_columns'"));
        assertThat(problemOf(YAML.replace("target_columns: [y]", "target_columns: [y, id]")))
                .isEqualTo(new TaskProblem("task.yaml", "target_columns", "'id' is also an id column"));
        assertThat(problemOf(YAML.replace("target_columns: [y]", "target_columns: [y, y]")))
                .isEqualTo(new TaskProblem("task.yaml", "target_columns", "'y' is listed twice"));
        // real column names may hold spaces and dashes (ranzcr's "ETT - Abnormal")
        assertThat(valid(YAML.replace("target_columns: [y]", "target_columns: [\"ETT - Abnormal\"]")).targetColumns())
                .containsExactly("ETT - Abnormal");
    }

    @Test
    void a_composite_id_is_a_list_of_columns() throws IOException {
        TaskDefinition d = valid(YAML.replace("id_column: id", "id_column: [tripId, UnixTimeMillis]"));
        assertThat(d.idColumns()).containsExactly("tripId", "UnixTimeMillis");
        assertThat(d.idColumn()).isEqualTo("tripId");
        assertThat(d.submission().compositeId()).isTrue();
        assertThat(d.submissionHeader()).containsExactly("tripId", "UnixTimeMillis", "y");
        assertThat(d.idColumnsLabel()).isEqualTo("tripId, UnixTimeMillis");
        assertThat(problemOf(YAML.replace("id_column: id", "id_column: \"tripId;UnixTimeMillis\"")))
                .isEqualTo(new TaskProblem("task.yaml", "id_column", "'tripId;UnixTimeMillis' is not a column name; "
                        + "list the columns of a composite id, e.g. id_column: [tripId, UnixTimeMillis]"));
        assertThat(problemOf(YAML.replace("id_column: id", "id_column: []")))
                .isEqualTo(new TaskProblem("task.yaml", "id_column", "at least one id column is required"));
    }

    @Test
    void submission_columns_extra_columns_and_checks() throws IOException {
        TaskDefinition d = valid(YAML + "submission_columns: [id, y, extra]\nextra_columns: allowed\n"
                + "checks: [no_missing, finite, positive]\n");
        assertThat(d.submission().columns()).containsExactly("id", "y", "extra");
        assertThat(d.submissionHeader()).containsExactly("id", "y", "extra");
        assertThat(d.submission().extraColumnsAllowed()).isTrue();
        assertThat(d.submission().checks()).containsExactly(SubmissionCheck.NO_MISSING, SubmissionCheck.FINITE,
                SubmissionCheck.POSITIVE);
        assertThat(valid(YAML + "extra_columns: refused\n").submission().extraColumnsAllowed()).isFalse();
        assertThat(problemOf(YAML + "submission_columns: [y]\n"))
                .isEqualTo(new TaskProblem("task.yaml", "submission_columns", "must contain the id column 'id'"));
        assertThat(problemOf(YAML + "extra_columns: sometimes\n"))
                .isEqualTo(new TaskProblem("task.yaml", "extra_columns", "'sometimes' is not one of refused, allowed"));
        assertThat(problemOf(YAML + "checks: [finite, sane]\n"))
                .isEqualTo(new TaskProblem("task.yaml", "checks", "'sane' is not a check (known: no_missing, "
                        + "no_missing_anywhere, finite, positive, non_negative, probability, row_sums_to_one)"));
        assertThat(problemOf(YAML + "checks: [finite, finite]\n"))
                .isEqualTo(new TaskProblem("task.yaml", "checks", "'finite' is listed twice"));
    }
}
