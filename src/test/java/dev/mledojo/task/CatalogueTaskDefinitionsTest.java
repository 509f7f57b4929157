package dev.mledojo.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mledojo.metric.MetricContext;

/** Every folder of {@code tasks/} parses, and the submission rules of the catalogue tasks say what their graders do. */
class CatalogueTaskDefinitionsTest {

    static final Map<String, TaskDefinition> TASKS = new TreeMap<>();
    static final List<String> INVALID = new ArrayList<>();

    @BeforeAll
    static void parseAll() throws IOException {
        try (Stream<Path> folders = Files.list(Path.of("tasks"))) {
            for (Path f : folders.filter(Files::isDirectory).sorted().toList()) {
                TaskParser.Result r = TaskParser.parse(f);
                if (r instanceof TaskParser.Valid v) {
                    TASKS.put(v.id(), v.definition());
                } else if (r instanceof TaskParser.Invalid i) {
                    INVALID.add(i.id() + ": " + i.problem());
                }
            }
        }
    }

    @Test
    void every_task_folder_parses() {
        assertThat(INVALID).isEmpty();
        assertThat(TASKS).hasSizeGreaterThanOrEqualTo(206);
    }

    @Test
    void no_target_column_is_a_description() {
        for (TaskDefinition d : TASKS.values()) {
            assertThat(d.targetsAfterId() || !d.targetColumns().isEmpty()).as(d.id()).isTrue();
            for (String t : d.targetColumns()) {
                assertThat(t).as(d.id()).doesNotContain("(", ")", ";", "...");
            }
            for (String id : d.idColumns()) {
                assertThat(id).as(d.id()).doesNotContain(";", "+", "(");
            }
        }
    }

    @Test
    void the_tasks_whose_targets_are_all_answer_columns_after_the_id_say_so() {
        List<String> afterId = TASKS.values().stream().filter(TaskDefinition::targetsAfterId).map(TaskDefinition::id).toList();
        assertThat(afterId).containsExactly("dog-breed-identification", "freesound-audio-tagging-2019",
                "google-quest-challenge", "leaf-classification", "sf-crime");
        assertThat(TASKS.get("dog-breed-identification").targetColumns(List.of("id", "affenpinscher", "afghan_hound")))
                .containsExactly("affenpinscher", "afghan_hound");
    }

    @Test
    void smartphone_has_a_composite_id_and_quora_maps_its_prediction_column() {
        TaskDefinition phone = TASKS.get("smartphone-decimeter-2022");
        assertThat(phone.idColumns()).containsExactly("tripId", "UnixTimeMillis");
        assertThat(phone.idColumn()).isEqualTo("tripId");
        assertThat(phone.submissionHeader()).containsExactly("tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees");
        TaskDefinition quora = TASKS.get("quora-insincere-questions-classification");
        assertThat(quora.targetColumns()).containsExactly("target");
        assertThat(new MetricContext(quora.idColumn(), quora.targetColumns(), quora.metricParams()).predictionColumn("target"))
                .isEqualTo("prediction");
        assertThat(quora.submissionHeader()).containsExactly("qid", "prediction");
    }

    @Test
    void submission_columns_extra_columns_and_checks_follow_the_reference_graders() {
        Map<String, List<String>> columns = new TreeMap<>();
        Map<String, List<String>> checks = new TreeMap<>();
        List<String> extraAllowed = new ArrayList<>();
        for (TaskDefinition d : TASKS.values()) {
            if (!d.submission().columns().isEmpty()) {
                columns.put(d.id(), d.submission().columns());
            }
            if (!d.submission().checks().isEmpty()) {
                checks.put(d.id(), d.submission().checks().stream().map(SubmissionCheck::wireName).toList());
            }
            if (d.submission().extraColumnsAllowed()) {
                extraAllowed.add(d.id());
            }
        }
        assertThat(columns).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "detecting-insults-in-social-commentary", List.of("Insult", "Date", "Comment"),
                "facial-keypoints-detection", List.of("RowId", "ImageId", "FeatureName", "Location"),
                "stanford-covid-vaccine", List.of("id_seqpos", "reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C",
                        "deg_50C"))));
        assertThat(extraAllowed).containsExactly("benchmark-bond-trade-price-challenge",
                "draper-satellite-image-chronology", "facebook-recruiting-iv-human-or-bot", "global-wheat-detection",
                "herbarium-2020-fgvc7", "home-data-for-ml-course", "hubmap-kidney-segmentation", "inaturalist-2019-fgvc6",
                "kaggle-llm-science-exam", "kuzushiji-recognition", "osic-pulmonary-fibrosis-progression",
                "statoil-iceberg-classifier-challenge", "the-winton-stock-market-challenge");
        Map<String, List<String>> expected = new TreeMap<>();
        expected.put("ashrae-energy-prediction", List.of("no_missing_anywhere", "non_negative"));
        expected.put("facial-keypoints-detection", List.of("no_missing"));
        expected.put("hms-harmful-brain-activity-classification", List.of("row_sums_to_one"));
        expected.put("home-data-for-ml-course", List.of("no_missing", "finite", "positive"));
        // the reference crashes on a missing prediction there (str.split of NaN); we refuse it as a missing value
        expected.put("kaggle-llm-science-exam", List.of("no_missing"));
        expected.put("whale-categorization-playground", List.of("no_missing"));
        expected.put("playground-series-s3e20", List.of("no_missing_anywhere"));
        expected.put("santander-value-prediction-challenge", List.of("no_missing_anywhere"));
        expected.put("statoil-iceberg-classifier-challenge", List.of("probability"));
        expected.put("the-nature-conservancy-fisheries-monitoring", List.of("probability"));
        expected.put("the-winton-stock-market-challenge", List.of("no_missing_anywhere"));
        expected.put("tmdb-box-office-prediction", List.of("no_missing_anywhere"));
        assertThat(checks).containsExactlyEntriesOf(expected);
    }
}
