package dev.mledojo.task.prepare;

import static dev.mledojo.task.prepare.Fixtures.column;
import static dev.mledojo.task.prepare.Fixtures.contents;
import static dev.mledojo.task.prepare.Fixtures.dataLines;
import static dev.mledojo.task.prepare.Fixtures.header;
import static dev.mledojo.task.prepare.Fixtures.map;
import static dev.mledojo.task.prepare.Fixtures.names;
import static dev.mledojo.task.prepare.Fixtures.task;
import static dev.mledojo.task.prepare.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.grading.PreparationReview;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.classification.Accuracy;
import dev.mledojo.metric.regression.Rmse;
import dev.mledojo.task.ReviewCheck;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;

/** Each declarative pattern on a generated raw archive: expected files, no leak, determinism, and a passing review. */
public class PreparerTest {

    @TempDir
    Path tmp;

    final Preparer preparer = new Preparer();
    final PreparationReview review = new PreparationReview(Fixtures.GRADER);

    /** 200 rows: id, two features, a binary label y, a dictionary file next to it. */
    private Path binaryArchive() throws IOException {
        StringBuilder train = new StringBuilder("PassengerId,Age,Cabin,y\n");
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) {
            train.append(String.format(Locale.ROOT, "p%04d,%d,\"B %d, deck\",%d\n", i, 20 + r.nextInt(40), r.nextInt(9),
                    r.nextInt(3) == 0 ? 1 : 0));
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train.csv", utf8(train.toString()));
        entries.put("test.csv", utf8("PassengerId,Age,Cabin\nq1,30,A\n"));
        entries.put("data_dictionary.txt", utf8("Age: years\n"));
        return Fixtures.rawFromZip(tmp, "binary", entries);
    }

    private static TaskDefinition binaryTask(Object seed, Map<String, Object> extra) {
        Map<String, Object> prep = map("pattern", "split_train_csv", "test_fraction", 0.25, "seed", seed,
                "copy", List.of("data_dictionary.txt"));
        prep.putAll(extra);
        return task("accuracy", true, "PassengerId", List.of("y"), prep, List.of(0.99, 0.98, 0.97, 0.95, 0.9),
                List.of(0.99, 0.98, 0.96, 0.95, 0.93, 0.9));
    }

    @Test
    void splitTrainCsv() throws IOException {
        Path raw = binaryArchive();
        List<Progress> progress = new ArrayList<>();
        Path out = tmp.resolve("v1");
        TaskDefinition task = binaryTask(42, Map.of());
        PreparationReport report = preparer.prepare(raw, task, null, out, progress::add);

        assertThat(report.files()).extracting(PreparationReport.FileEntry::path).containsExactly(
                "private/answers.csv", "private/split.csv", "public/data_dictionary.txt", "public/description.md",
                "public/sample_submission.csv", "public/test.csv", "public/train.csv");
        assertThat(report.rows("public/train.csv")).isEqualTo(150);
        assertThat(report.rows("public/test.csv")).isEqualTo(50);
        assertThat(report.rows("private/answers.csv")).isEqualTo(50);
        assertThat(report.rows("public/sample_submission.csv")).isEqualTo(50);
        assertThat(report.testShare()).isEqualTo(0.25);
        assertThat(report.seed()).isEqualTo(42L);
        assertThat(report.file("public/train.csv").sha256()).hasSize(64);
        assertThat(header(out.resolve("public/test.csv"))).isEqualTo("PassengerId,Age,Cabin");
        assertThat(header(out.resolve("private/answers.csv"))).isEqualTo("PassengerId,y");
        assertThat(header(out.resolve("public/sample_submission.csv"))).isEqualTo("PassengerId,y");
        assertThat(column(out.resolve("public/sample_submission.csv"), 1)).containsOnly("0");
        assertThat(column(out.resolve("public/sample_submission.csv"), 0))
                .containsExactlyElementsOf(column(out.resolve("private/answers.csv"), 0));
        assertThat(Files.readString(out.resolve("public/description.md"))).isEqualTo(task.description());
        assertThat(Files.readString(out.resolve("public/train.csv"))).contains("\"B 3, deck\"");
        Set<String> trainIds = new HashSet<>(column(out.resolve("public/train.csv"), 0));
        assertThat(column(out.resolve("public/test.csv"), 0)).doesNotContainAnyElementsOf(trainIds).hasSize(50);
        // progress: monotonic, ends with done at 1
        assertThat(progress).isNotEmpty();
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).fraction()).isGreaterThanOrEqualTo(progress.get(i - 1).fraction());
        }
        assertThat(progress.get(progress.size() - 1)).isEqualTo(new Progress("done", 1));
        assertThat(names(tmp)).containsExactly("binary-raw", "binary.zip", "v1");

        assertReviewPasses(task, new Accuracy(), out);

        // deterministic: same input, same definition -> the same bytes
        Path again = tmp.resolve("v1-again");
        PreparationReport second = preparer.prepare(raw, task, null, again, null);
        assertThat(second).isEqualTo(report);
        assertThat(contents(again)).containsExactlyEntriesOf(contents(out));
        // another seed -> another split
        Path other = tmp.resolve("v2");
        preparer.prepare(raw, binaryTask(7, Map.of()), null, other, null);
        assertThat(column(other.resolve("private/answers.csv"), 0))
                .isNotEqualTo(column(out.resolve("private/answers.csv"), 0)).hasSize(50);
    }

    @Test
    void stratifiedSplitKeepsTheClassShares() throws IOException {
        Path raw = binaryArchive();
        Path out = tmp.resolve("v");
        TaskDefinition task = binaryTask("42/sklearn", Map.of("stratify_column", "y"));
        PreparationReport report = preparer.prepare(raw, task, null, out, null);
        assertThat(report.seed()).isEqualTo(42L);
        List<String> trainY = column(out.resolve("public/train.csv"), 4); // the quoted cabin holds a comma
        long ones = column(raw.resolve("train.csv"), 4).stream().filter("1"::equals).count();
        long testOnes = column(out.resolve("private/answers.csv"), 1).stream().filter("1"::equals).count();
        assertThat(testOnes).isEqualTo(Math.round(ones * 0.25));
        assertThat(trainY).hasSize(150);
        assertReviewPasses(task, new Accuracy(), out);
    }

    @Test
    void useGivenTestWithAnswers() throws IOException {
        StringBuilder train = new StringBuilder("id,comment_text,label\n");
        StringBuilder test = new StringBuilder("id,comment_text\n");
        StringBuilder labels = new StringBuilder("id,label,usage\n");
        for (int i = 0; i < 60; i++) {
            train.append("t").append(i).append(",\"text, ").append(i).append("\",").append(i % 3 == 0 ? "dog" : "cat").append('\n');
        }
        for (int i = 0; i < 40; i++) {
            test.append("s").append(i).append(",words ").append(i).append('\n');
            labels.append("s").append(i).append(',').append(i % 2 == 0 ? "dog" : "cat").append(",Private\n");
        }
        labels.append("s999,dog,Ignored\n");
        Path raw = Fixtures.rawFromZip(tmp, "given", Map.of("train.csv", utf8(train.toString()),
                "test.csv.zip", Fixtures.zipBytes(Map.of("test.csv", utf8(test.toString()))),
                "test_labels.csv", utf8(labels.toString())));
        TaskDefinition task = task("accuracy", true, "id", List.of("label"),
                map("pattern", "use_given_test_with_answers", "answers_file", "test_labels.csv"), List.of(), List.of(0.9, 0.8));
        Path out = tmp.resolve("v");
        PreparationReport report = preparer.prepare(raw, task, null, out, null);

        assertThat(report.rows("public/train.csv")).isEqualTo(60);
        assertThat(report.rows("public/test.csv")).isEqualTo(40);
        assertThat(header(out.resolve("public/test.csv"))).isEqualTo("id,comment_text");
        assertThat(header(out.resolve("private/answers.csv"))).isEqualTo("id,label");
        assertThat(dataLines(out.resolve("private/answers.csv"))).startsWith("s0,dog", "s1,cat");
        assertThat(column(out.resolve("public/sample_submission.csv"), 1)).containsOnly("cat");
        assertThat(report.warnings()).anyMatch(w -> w.contains("1 rows of 'test_labels.csv'"));
        assertThat(report.testShare()).isNull();
        assertReviewPasses(task, new Accuracy(), out);
    }

    @Test
    void useGivenTestWhoseTestCarriesTheAnswers() throws IOException {
        Path raw = Fixtures.rawFromZip(tmp, "insults", Map.of(
                "train.csv", utf8("id,Comment,Insult\n1,a,0\n2,b,1\n3,c,0\n"),
                "test_with_solutions.csv", utf8("id,Comment,Insult,Usage\n10,x,1,PrivateTest\n11,y,0,PrivateTest\n12,z,0,PublicTest\n")));
        TaskDefinition task = task("accuracy", true, "id", List.of("Insult"),
                map("pattern", "use_given_test_with_answers", "test_file", "test_with_solutions.csv",
                        "drop_columns", List.of("Usage")), List.of(), List.of());
        Path out = tmp.resolve("v");
        preparer.prepare(raw, task, null, out, null);
        assertThat(Files.readString(out.resolve("public/test.csv"))).isEqualTo("id,Comment\n10,x\n11,y\n12,z\n");
        assertThat(Files.readString(out.resolve("private/answers.csv"))).isEqualTo("id,Insult\n10,1\n11,0\n12,0\n");
        assertReviewPasses(task, new Accuracy(), out);
    }

    @Test
    void dsbenchPresplit() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("data/data_resplit/titanic/train.csv", utf8("PassengerId,Pclass,Survived\n1,3,0\n2,1,1\n3,3,1\n4,1,1\n"));
        entries.put("data/data_resplit/titanic/test.csv", utf8("PassengerId,Pclass\n5,3\n6,2\n7,1\n"));
        entries.put("data/data_resplit/titanic/gender_submission.csv", utf8("PassengerId,Survived\n5,0\n6,1\n7,1\n"));
        entries.put("data/answers/titanic/test_answer.csv", utf8("PassengerId,Survived\n5,0\n6,1\n7,1\n"));
        Path raw = Fixtures.rawFromZip(tmp, "dsbench", entries);
        TaskDefinition task = task("accuracy", true, "PassengerId", List.of("Survived"),
                map("pattern", "dsbench_presplit", "base_dir", "data/data_resplit/titanic",
                        "answers_file", "../../answers/titanic/test_answer.csv",
                        "split_fraction", "pre-split by DSBench (not recorded in the repo)",
                        "seed", "n/a (sample row picked with unseeded numpy)"), List.of(0.8, 0.78), List.of(0.79, 0.77, 0.7));
        Path out = tmp.resolve("v");
        PreparationReport report = preparer.prepare(raw, task, null, out, null);
        assertThat(report.files()).extracting(PreparationReport.FileEntry::path).containsExactly("private/answers.csv",
                "private/split.csv", "public/description.md", "public/sample_submission.csv", "public/test.csv",
                "public/train.csv");
        assertThat(Files.readString(out.resolve("public/sample_submission.csv"))).isEqualTo("PassengerId,Survived\n5,0\n6,0\n7,0\n");
        assertThat(report.warnings()).isEmpty();
        assertReviewPasses(task, new Accuracy(), out);

        TaskDefinition escaping = task("accuracy", true, "PassengerId", List.of("Survived"),
                map("pattern", "dsbench_presplit", "answers_file", "../../../etc/passwd"), List.of(), List.of());
        assertFailsCleanly(raw, escaping, "leaves the raw directory");
    }

    @Test
    void groupSplit() throws IOException {
        StringBuilder train = new StringBuilder("id,essay_id,event,score\n");
        Random r = new Random(3);
        int id = 0;
        for (int g = 0; g < 30; g++) {
            for (int k = 0; k < 1 + g % 4; k++) {
                train.append(id++).append(",e").append(g).append(',').append(r.nextInt(100)).append(',')
                        .append(1 + (g % 6) * 0.5).append('\n');
            }
        }
        Path raw = Fixtures.rawFromZip(tmp, "groups", Map.of("train.csv", utf8(train.toString())));
        Path out = tmp.resolve("v");
        TaskDefinition task = groupTask(42);
        PreparationReport report = preparer.prepare(raw, task, null, out, null);
        Set<String> trainGroups = new HashSet<>(column(out.resolve("public/train.csv"), 1));
        Set<String> testGroups = new HashSet<>(column(out.resolve("public/test.csv"), 1));
        assertThat(testGroups).hasSize(10).doesNotContainAnyElementsOf(trainGroups);
        assertThat(trainGroups).hasSize(20);
        assertThat(header(out.resolve("public/test.csv"))).isEqualTo("id,essay_id,event");
        assertThat(column(out.resolve("public/sample_submission.csv"), 1)).hasSizeGreaterThan(1).allMatch(v -> v.contains("."));
        assertThat(report.rows("public/train.csv") + report.rows("public/test.csv")).isEqualTo(id);
        assertReviewPasses(task, new Rmse(), out);

        Path other = tmp.resolve("v2");
        preparer.prepare(raw, groupTask(1), null, other, null);
        assertThat(new HashSet<>(column(other.resolve("public/test.csv"), 1))).isNotEqualTo(testGroups);
    }

    private static TaskDefinition groupTask(int seed) {
        return task("rmse", false, "id", List.of("score"), map("pattern", "group_split", "group_column", "essay_id",
                "test_fraction", "0.33 (train_size=0.67) of essay ids", "seed", seed), List.of(0.6, 0.7), List.of(0.58, 0.7, 0.9));
    }

    @Test
    void timeSplitFromAParsedTaskFolder() throws IOException {
        StringBuilder train = new StringBuilder("id,timestamp,full_sq,price_doc\n");
        LocalDate day = LocalDate.of(2011, 8, 20);
        Random r = new Random(5);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, r); // rows are not in time order in the raw file
        for (int i : order) {
            train.append(i + 1).append(',').append(day.plusDays(i / 2 * 7)).append(',').append(30 + r.nextInt(70))
                    .append(',').append(1_000_000 + r.nextInt(9_000_000)).append('\n');
        }
        Path raw = Fixtures.rawFromZip(tmp, "sber", Map.of("train.csv", utf8(train.toString()),
                "macro.csv", utf8("timestamp,oil\n2011-08-20,100\n")));
        Path folder = Files.createDirectories(tmp.resolve("tasks/sberbank-russian-housing-market"));
        Files.writeString(folder.resolve("task.yaml"), """
                id: sberbank-russian-housing-market
                title: Sberbank Russian Housing Market
                domain: tabular
                summary: Predict sale prices of flats.
                metric: {id: rmse}
                higher_is_better: false
                id_column: id
                target_columns: [price_doc]
                submission_file: submission.csv
                data: {source: kaggle, competition: sberbank-russian-housing-market}
                prepare:
                  pattern: time_split
                  time_column: timestamp
                  test_fraction: 0.2
                  split_fraction: "last round(n*11/57) rows by timestamp (~0.19)"
                  copy: [macro.csv]
                """);
        Files.writeString(folder.resolve("description.md"), "# Sberbank\n\nPredict price_doc.\n");
        Files.createDirectories(folder.resolve("leaderboard"));
        Files.writeString(folder.resolve("leaderboard/private.csv"), "rank,score\n1,2000000\n2,2500000\n3,3000000\n");
        TaskDefinition task = ((TaskParser.Valid) TaskParser.parse(folder)).definition();

        Path out = tmp.resolve("v");
        PreparationReport report = preparer.prepare(raw, task, folder, out, null);
        List<String> trainTimes = column(out.resolve("public/train.csv"), 1);
        List<String> testTimes = column(out.resolve("public/test.csv"), 1);
        assertThat(testTimes).hasSize(20);
        String latestTrain = trainTimes.stream().max(String::compareTo).orElseThrow();
        assertThat(testTimes).allMatch(t -> t.compareTo(latestTrain) > 0);
        assertThat(report.seed()).isNull();
        assertThat(out.resolve("public/macro.csv")).exists();
        assertReviewPasses(task, new Rmse(), out);
    }

    @Test
    void timeSplitNeverCutsATimeStamp() throws IOException {
        StringBuilder train = new StringBuilder("id,t,y\n");
        for (int i = 0; i < 10; i++) {
            train.append(i).append(',').append(i < 7 ? i : 7).append(",1.5\n"); // t=7 three times
        }
        Path raw = Fixtures.rawFromZip(tmp, "ties", Map.of("train.csv", utf8(train.toString())));
        TaskDefinition task = task("rmse", false, "id", List.of("y"),
                map("pattern", "time_split", "time_column", "t", "test_fraction", 0.2), List.of(), List.of());
        PreparationReport report = preparer.prepare(raw, task, null, tmp.resolve("v"), null);
        assertThat(report.rows("public/test.csv")).isEqualTo(3);
        assertThat(report.warnings()).anyMatch(w -> w.contains("0.3000"));
    }

    @Test
    void failuresNameTheProblemAndLeaveNothing() throws IOException {
        Path raw = binaryArchive();
        assertFailsCleanly(raw, task("accuracy", true, "PassengerId", List.of("Survived"),
                map("pattern", "split_train_csv", "test_fraction", 0.2), List.of(), List.of()),
                "'train.csv' has no target column 'Survived' (columns: PassengerId, Age, Cabin, y)");
        assertFailsCleanly(raw, task("accuracy", true, "PassengerId", List.of("y"),
                map("pattern", "split_train_csv", "split_fraction", "R_total in (0.05,1) else 0.2 (~0.40)"), List.of(), List.of()),
                "add test_fraction");
        assertFailsCleanly(raw, task("accuracy", true, "PassengerId", List.of("y"),
                map("pattern", "image_folder_split", "test_fraction", 0.2), List.of(), List.of()),
                "prepare.media is required for pattern image_folder_split");
        assertFailsCleanly(raw, task("accuracy", true, "PassengerId", List.of("y"),
                map("pattern", "split_train_csv", "test_fraction", 0.2, "copy", List.of("train.csv")), List.of(), List.of()),
                "must not be published");
        assertFailsCleanly(raw, task("accuracy", true, "Age", List.of("y"),
                map("pattern", "split_train_csv", "test_fraction", 0.2), List.of(), List.of()),
                "repeats the id");
        assertFailsCleanly(raw, task("accuracy", true, "PassengerId", List.of("y"),
                map("pattern", "custom"), List.of(), List.of()), "needs the task folder");

        Path out = Files.createDirectories(tmp.resolve("exists"));
        PreparationException e = catchThrowableOfType(PreparationException.class,
                () -> preparer.prepare(raw, binaryTask(42, Map.of()), null, out, null));
        assertThat(e.getMessage()).contains("already exists");
    }

    private void assertFailsCleanly(Path raw, TaskDefinition task, String message) throws IOException {
        List<String> before = names(tmp);
        Path out = tmp.resolve("failed");
        PreparationException e = catchThrowableOfType(PreparationException.class,
                () -> preparer.prepare(raw, task, null, out, null));
        assertThat(e).as("fails").isNotNull();
        assertThat(e.getMessage()).contains(message);
        assertThat(names(tmp)).as("nothing written").isEqualTo(before);
    }

    public static void assertReviewPasses(TaskDefinition task, Metric metric, Path out) {
        List<ReviewCheck> checks = new PreparationReview(Fixtures.GRADER).review(task, metric, out);
        assertThat(checks).extracting(ReviewCheck::name).contains(PreparationReview.SAMPLE_VALID,
                PreparationReview.ANSWERS_PERFECT, PreparationReview.SPLIT, PreparationReview.NO_LEAK,
                PreparationReview.TEST_NO_TARGET);
        assertThat(checks).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(PreparationReview.allPassed(checks)).isTrue();
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
