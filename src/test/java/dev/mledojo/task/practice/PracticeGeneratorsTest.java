package dev.mledojo.task.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

class PracticeGeneratorsTest {

    private static final List<String> FILES = List.of("public/train.csv", "public/test.csv",
            "public/sample_submission.csv", "private/answers.csv");

    @TempDir
    Path tmp;

    /** Each generator with its documented columns: id column, feature columns, target. */
    static Stream<Arguments> generators() {
        return Stream.of(
                Arguments.of(new TabularBinaryGenerator(), "tabular-binary", "id", TabularBinaryGenerator.FEATURES,
                        "churned", 4000, 2000),
                Arguments.of(new TabularRegressionGenerator(), "tabular-regression", "id",
                        TabularRegressionGenerator.FEATURES, "price", 4000, 2000),
                Arguments.of(new TextClassificationGenerator(), "text-classification", "id", List.of("text"),
                        "category", 4000, 2000),
                Arguments.of(new TimeseriesForecastingGenerator(), "timeseries-forecasting", "id",
                        List.of("date", "store", "item"), "sales", 6720, 1120));
    }

    private Path run(DataGenerator generator, MetricParams params, String name) {
        Path dir = tmp.resolve(name);
        generator.generate(params, dir.resolve("public"), dir.resolve("private"));
        return dir;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("generators")
    void isAnApplicationScopedBeanWithItsId(DataGenerator generator, String id) {
        assertThat(generator.id()).isEqualTo(id);
        assertThat(generator.getClass().isAnnotationPresent(ApplicationScoped.class)).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("generators")
    void sameSeedGivesIdenticalBytesAndAnotherSeedOtherData(DataGenerator generator) throws IOException {
        Path a = run(generator, MetricParams.of("seed", 7), "a");
        Path b = run(generator, MetricParams.EMPTY, "b"); // the default seed is 7
        Path c = run(generator, MetricParams.of("seed", 8), "c");
        for (String file : FILES) {
            assertThat(Files.readAllBytes(b.resolve(file))).as(file).isEqualTo(Files.readAllBytes(a.resolve(file)));
        }
        assertThat(Files.readAllBytes(c.resolve("public/train.csv")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("public/train.csv")));
        assertThat(Files.readAllBytes(c.resolve("private/answers.csv")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("private/answers.csv")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("generators")
    void filesHaveTheDocumentedShape(DataGenerator generator, String id, String idColumn, List<String> features,
            String target, int trainRows, int testRows) {
        Path dir = run(generator, MetricParams.EMPTY, "shape");
        Table train = CsvTables.read(dir.resolve("public/train.csv"));
        Table test = CsvTables.read(dir.resolve("public/test.csv"));
        Table sample = CsvTables.read(dir.resolve("public/sample_submission.csv"));
        Table answers = CsvTables.read(dir.resolve("private/answers.csv"));

        List<String> testColumns = new ArrayList<>();
        testColumns.add(idColumn);
        testColumns.addAll(features);
        List<String> trainColumns = new ArrayList<>(testColumns);
        trainColumns.add(target);
        assertThat(train.columns()).containsExactlyElementsOf(trainColumns);
        assertThat(test.columns()).containsExactlyElementsOf(testColumns).doesNotContain(target);
        assertThat(sample.columns()).containsExactly(idColumn, target);
        assertThat(answers.columns()).containsExactly(idColumn, target);
        assertThat(train.rowCount()).isEqualTo(trainRows);
        assertThat(test.rowCount()).isEqualTo(testRows);

        String[] testIds = test.column(idColumn);
        assertThat(Arrays.stream(testIds).distinct().count()).isEqualTo(testRows);
        assertThat(answers.column(idColumn)).containsExactly(testIds);
        assertThat(sample.column(idColumn)).containsExactly(testIds);
        assertThat(Arrays.stream(sample.column(target)).distinct().count()).as("a constant sample").isOne();
        assertThat(answers.column(target)).doesNotContainNull();
        assertThat(train.column(target)).doesNotContainNull();
        List<String> trainIds = Arrays.asList(train.column(idColumn));
        assertThat(trainIds).doesNotContainAnyElementsOf(Arrays.asList(testIds)).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("generators")
    void sampleSubmissionHoldsAValidValueOfTheTargetsType(DataGenerator generator, String id, String idColumn,
            List<String> features, String target) {
        Path dir = run(generator, MetricParams.EMPTY, "sample");
        Table sample = CsvTables.read(dir.resolve("public/sample_submission.csv"));
        Table answers = CsvTables.read(dir.resolve("private/answers.csv"));
        if (answers.type(target).numeric()) {
            assertThat(Arrays.stream(sample.numbers(target)).allMatch(Double::isFinite)).isTrue();
        } else {
            assertThat(Arrays.asList(answers.column(target))).contains(sample.column(target)[0]);
        }
    }

    @Test
    void rowParametersChangeTheSizes() {
        Path dir = run(new TabularBinaryGenerator(), MetricParams.of("rows", 50, "test_rows", 20), "small");
        assertThat(CsvTables.read(dir.resolve("public/train.csv")).rowCount()).isEqualTo(50);
        assertThat(CsvTables.read(dir.resolve("private/answers.csv")).rowCount()).isEqualTo(20);
        Path series = run(new TimeseriesForecastingGenerator(),
                MetricParams.of("stores", 2, "items", 3, "days", 70, "horizon", 7), "series");
        assertThat(CsvTables.read(series.resolve("public/train.csv")).rowCount()).isEqualTo(2 * 3 * 70);
        assertThat(CsvTables.read(series.resolve("public/test.csv")).rowCount()).isEqualTo(2 * 3 * 7);
    }

    @Test
    void tabularDataHasMissingValuesAndBothClasses() {
        Path dir = run(new TabularBinaryGenerator(), MetricParams.EMPTY, "binary");
        Table train = CsvTables.read(dir.resolve("public/train.csv"));
        assertThat(train.column("satisfaction")).containsNull();
        assertThat(train.column("age")).containsNull();
        double churnRate = Arrays.stream(train.numbers("churned")).average().orElseThrow();
        assertThat(churnRate).isBetween(0.15, 0.40);
        Table houses = CsvTables.read(run(new TabularRegressionGenerator(), MetricParams.EMPTY, "reg")
                .resolve("public/train.csv"));
        assertThat(houses.column("lot_sqm")).containsNull();
        assertThat(Arrays.stream(houses.numbers("price")).min().orElseThrow()).isPositive();
    }

    @Test
    void textLabelsAreTheFourCategoriesAndForecastTestIsTheLastDaysOfEachSeries() {
        Path dir = run(new TextClassificationGenerator(), MetricParams.EMPTY, "text");
        Table train = CsvTables.read(dir.resolve("public/train.csv"));
        assertThat(Arrays.stream(train.column("category")).distinct().sorted().toList())
                .containsExactly("account", "billing", "delivery", "technical");

        Path series = run(new TimeseriesForecastingGenerator(), MetricParams.EMPTY, "ts");
        Table history = CsvTables.read(series.resolve("public/train.csv"));
        Table test = CsvTables.read(series.resolve("public/test.csv"));
        String lastTrain = Arrays.stream(history.column("date")).max(String::compareTo).orElseThrow();
        String firstTest = Arrays.stream(test.column("date")).min(String::compareTo).orElseThrow();
        assertThat(firstTest).isGreaterThan(lastTrain);
        assertThat(Arrays.stream(test.column("date")).distinct().count()).isEqualTo(28);
        assertThat(test.column("id")[0]).isEqualTo("1_1_" + firstTest);
    }

    @Test
    void rejectsInconsistentParameters() {
        assertThatThrownBy(() -> run(new TabularBinaryGenerator(), MetricParams.of("rows", 0), "zero"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows");
        assertThatThrownBy(() -> run(new TimeseriesForecastingGenerator(), MetricParams.of("rows", 10), "ts"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stores x items x days");
    }
}
