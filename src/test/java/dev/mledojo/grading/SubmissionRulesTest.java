package dev.mledojo.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;
import dev.mledojo.metric.classification.F1Binary;
import dev.mledojo.metric.classification.KlDivergence;
import dev.mledojo.metric.classification.LogLossBinary;
import dev.mledojo.metric.classification.LogLossMulticlass;
import dev.mledojo.metric.classification.RocAuc;
import dev.mledojo.metric.ranking.MapAtK;
import dev.mledojo.metric.ranking.NdcgAtK;
import dev.mledojo.metric.regression.GnssP50P95Error;
import dev.mledojo.metric.regression.Mcrmse;
import dev.mledojo.metric.regression.Rmse;
import dev.mledojo.metric.regression.Rmsle;
import dev.mledojo.metric.regression.WeightedMae;
import dev.mledojo.task.Answers;
import dev.mledojo.task.FeedbackSplit.Part;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskParser;

/**
 * Issue 12, "task definitions that make valid submissions impossible" and "checks the reference makes that we skip":
 * the catalogue's own task definitions (tasks/*) grade a submission in the competition's sample layout, and refuse
 * what MLE-Dojo's reference grader refuses, with the kind and a message that says what to fix.
 */
class SubmissionRulesTest {

    private final Grader grader = new Grader(1_000_000, 1000);

    private static TaskDefinition task(String id) {
        TaskParser.Result r = TaskParser.parse(Path.of("tasks", id));
        assertThat(r).as(id).isInstanceOf(TaskParser.Valid.class);
        return ((TaskParser.Valid) r).definition();
    }

    /** Answers with every id in the final part, except those given as feedback. */
    private static Answers answers(Table truth, String idColumn, String... feedback) {
        Map<String, Part> parts = new HashMap<>();
        for (String id : truth.strings(idColumn)) {
            parts.put(id, Part.FINAL);
        }
        for (String id : feedback) {
            parts.put(id, Part.FEEDBACK);
        }
        return new Answers(truth, parts);
    }

    private GradeReport grade(String taskId, Metric metric, Answers answers, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return grader.grade(task(taskId), metric, answers, new ByteArrayInputStream(bytes), bytes.length,
                FeedbackMode.SPLIT);
    }

    private void refused(String taskId, Metric metric, Answers answers, String csv, SubmissionErrorKind kind,
            String message) {
        assertThatThrownBy(() -> grade(taskId, metric, answers, csv)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage(message).extracting(e -> ((InvalidSubmissionException) e).kind()).isEqualTo(kind);
    }

    // ---- 5. targets = every answer column after the id --------------------------------------------------------

    @Test
    void dog_breed_targets_are_the_answer_columns_after_the_id() {
        Answers truth = answers(Table.of("id,affenpinscher,beagle,collie", "a1,1,0,0", "a2,0,1,0"), "id", "a1");
        // one sample-layout row per id; the true class gets 0.5 in both rows: log loss = ln 2
        GradeReport r = grade("dog-breed-identification", new LogLossMulticlass(), truth,
                "id,affenpinscher,beagle,collie\na2,0.25,0.5,0.25\na1,0.5,0.25,0.25\n");
        assertThat(r.scores().full()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(r.scores().feedback()).isCloseTo(Math.log(2), within(1e-12));
        refused("dog-breed-identification", new LogLossMulticlass(), truth, "id,affenpinscher,collie\na1,1,0\na2,0,0\n",
                SubmissionErrorKind.MISSING_COLUMNS,
                "Missing required columns in submission: beagle. Expected header: id,affenpinscher,beagle,collie.");
        refused("dog-breed-identification", new LogLossMulticlass(), truth,
                "id,affenpinscher,beagle,collie,poodle\na1,1,0,0,0\na2,0,1,0,0\n", SubmissionErrorKind.EXTRA_COLUMNS,
                "Extra unexpected columns found in submission: poodle. Expected header: id,affenpinscher,beagle,collie.");
    }

    // ---- 6. composite id -------------------------------------------------------------------------------------

    private static final Answers PHONE = answers(Table.of("tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees",
            "t1,1000,37.0,-122.0", "t1,2000,37.0,-122.0", "t2,1000,38.0,-121.0", "t2,2000,38.0,-121.0"),
            "tripId", "t1");

    @Test
    void smartphone_pairs_rows_on_trip_and_time() {
        // trip t1 is 0.00001 degree north at both times (1.111949 m), trip t2 exact: mean over trips 0.5559745
        GradeReport r = grade("smartphone-decimeter-2022", new GnssP50P95Error(), PHONE,
                "tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees\nt2,2000,38.0,-121.0\nt1,1000,37.00001,-122.0\n"
                        + "t2,1000,38.0,-121.0\nt1,2000,37.00001,-122.0\n");
        assertThat(r.scores().full()).isCloseTo(1.111949 / 2, within(1e-6));
        assertThat(r.scores().feedback()).isCloseTo(1.111949, within(1e-6)); // the feedback part is trip t1
        assertThat(r.scores().finalScore()).isEqualTo(0.0);
        assertThat(r.rows()).isEqualTo(new GradeReport.Rows(2, 2, 4));
        refused("smartphone-decimeter-2022", new GnssP50P95Error(), PHONE,
                "tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees\nt1,1000,37,-122\nt1,1000,37,-122\n"
                        + "t2,1000,38,-121\nt2,2000,38,-121\n", SubmissionErrorKind.DUPLICATE_IDS,
                "(tripId=t1, UnixTimeMillis=1000) appears more than once in the submission (rows 1 and 2).");
        refused("smartphone-decimeter-2022", new GnssP50P95Error(), PHONE,
                "tripId,LatitudeDegrees,LongitudeDegrees\nt1,37,-122\n", SubmissionErrorKind.MISSING_COLUMNS,
                "Missing required columns in submission: UnixTimeMillis. Expected header: "
                        + "tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees.");
        refused("smartphone-decimeter-2022", new GnssP50P95Error(), PHONE,
                "tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees,phone\nt1,1000,37,-122,x\n",
                SubmissionErrorKind.EXTRA_COLUMNS, "Extra unexpected columns found in submission: phone. Expected header: "
                        + "tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees.");
    }

    @Test
    void a_composite_id_is_aligned_and_checked_on_the_tuple_for_by_id_metrics() {
        TaskDefinition phone = task("smartphone-decimeter-2022");
        Answers truth = answers(Table.of("tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees",
                "t1,1000,1.0,0", "t1,2000,2.0,0", "t2,1000,3.0,0"), "tripId");
        Metric rmseOfLatitude = new Rmse();
        TaskDefinition byLatitude = phone.withSubmission(phone.submission(), List.of("LatitudeDegrees"));
        byte[] ok = "tripId,UnixTimeMillis,LatitudeDegrees\nt2,1000,3.0\nt1,2000,2.0\nt1,1000,4.0\n"
                .getBytes(StandardCharsets.UTF_8);
        GradeReport r = grader.grade(byLatitude, rmseOfLatitude, truth, new ByteArrayInputStream(ok), ok.length,
                FeedbackMode.FULL);
        assertThat(r.scores().full()).isCloseTo(Math.sqrt(9.0 / 3), within(1e-12)); // only (t1, 1000) is off, by 3
        byte[] dup = "tripId,UnixTimeMillis,LatitudeDegrees\nt1,1000,1\nt1,1000,1\nt2,1000,3\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> grader.grade(byLatitude, rmseOfLatitude, truth, new ByteArrayInputStream(dup), dup.length,
                FeedbackMode.FULL)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("The id (tripId, UnixTimeMillis) repeats ids, e.g. (tripId=t1, UnixTimeMillis=1000); give "
                        + "exactly one row per id.");
        byte[] other = "tripId,UnixTimeMillis,LatitudeDegrees\nt1,1000,1\nt1,2000,2\nt2,2000,3\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> grader.grade(byLatitude, rmseOfLatitude, truth, new ByteArrayInputStream(other),
                other.length, FeedbackMode.FULL)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("The submission has 3 rows but 1 of the 3 test ids are missing, e.g. (tripId=t2, "
                        + "UnixTimeMillis=1000); it also has 1 ids that are not in the test set, e.g. (tripId=t2, "
                        + "UnixTimeMillis=2000). Use the ids of test.csv / sample_submission.csv.");
    }

    // ---- 7. renamed prediction column ------------------------------------------------------------------------

    @Test
    void quora_reads_the_truth_from_target_and_the_prediction_from_prediction() {
        Answers truth = answers(Table.of("qid,target", "q1,1", "q2,0", "q3,1", "q4,0"), "qid");
        // precision 1, recall 1/2: F1 = 2/3
        GradeReport r = grade("quora-insincere-questions-classification", new F1Binary(), truth,
                "qid,prediction\nq1,1\nq2,0\nq3,0\nq4,0\n");
        assertThat(r.scores().full()).isCloseTo(2.0 / 3, within(1e-12));
        refused("quora-insincere-questions-classification", new F1Binary(), truth, "qid,target\nq1,1\nq2,0\nq3,0\nq4,0\n",
                SubmissionErrorKind.MISSING_COLUMNS,
                "Missing required columns in submission: prediction. Expected header: qid,prediction.");
    }

    // ---- 8. the competitions' own sample layouts ------------------------------------------------------------

    @Test
    void stanford_covid_accepts_its_five_target_sample_and_scores_three() {
        Answers truth = answers(Table.of("id_seqpos,reactivity,deg_Mg_pH10,deg_pH10,deg_Mg_50C,deg_50C",
                "s_0,1.0,2.0,9.0,3.0,9.0", "s_1,1.0,2.0,9.0,3.0,9.0"), "id_seqpos");
        // reactivity off by 2 in both rows (RMSE 2), the others exact; deg_pH10 and deg_50C are not scored: 2/3
        GradeReport r = grade("stanford-covid-vaccine", new Mcrmse(), truth,
                "id_seqpos,reactivity,deg_Mg_pH10,deg_pH10,deg_Mg_50C,deg_50C\ns_0,3.0,2.0,0.0,3.0,0.0\n"
                        + "s_1,-1.0,2.0,0.0,3.0,0.0\n");
        assertThat(r.scores().full()).isCloseTo(2.0 / 3, within(1e-12));
        refused("stanford-covid-vaccine", new Mcrmse(), truth,
                "id_seqpos,reactivity,deg_Mg_pH10,deg_Mg_50C\ns_0,1,2,3\ns_1,1,2,3\n", SubmissionErrorKind.MISSING_COLUMNS,
                "Missing required columns in submission: deg_pH10, deg_50C. Expected header: "
                        + "id_seqpos,reactivity,deg_Mg_pH10,deg_pH10,deg_Mg_50C,deg_50C.");
        refused("stanford-covid-vaccine", new Mcrmse(), truth,
                "id_seqpos,reactivity,deg_Mg_pH10,deg_pH10,deg_Mg_50C,deg_50C,keep\ns_0,1,2,0,3,0,1\ns_1,1,2,0,3,0,1\n",
                SubmissionErrorKind.EXTRA_COLUMNS, "Extra unexpected columns found in submission: keep. Expected header: "
                        + "id_seqpos,reactivity,deg_Mg_pH10,deg_pH10,deg_Mg_50C,deg_50C.");
    }

    @Test
    void facial_keypoints_accepts_its_long_sample_and_refuses_an_empty_location() {
        Answers truth = answers(Table.of("RowId,Location", "1,30.0", "2,40.0"), "RowId");
        GradeReport r = grade("facial-keypoints-detection", new Rmse(), truth,
                "RowId,ImageId,FeatureName,Location\n1,1,left_eye_center_x,33.0\n2,1,left_eye_center_y,44.0\n");
        assertThat(r.scores().full()).isCloseTo(Math.sqrt((9.0 + 16.0) / 2), within(1e-12));
        refused("facial-keypoints-detection", new Rmse(), truth,
                "RowId,ImageId,FeatureName,Location\n1,1,left_eye_center_x,33.0\n2,1,left_eye_center_y,\n",
                SubmissionErrorKind.MISSING_VALUES, "Submission contains missing values: column 'Location' is empty or "
                        + "NaN in 1 row, e.g. RowId=2. Fill every cell with a value.");
        refused("facial-keypoints-detection", new Rmse(), truth, "RowId,Location\n1,33.0\n2,44.0\n",
                SubmissionErrorKind.MISSING_COLUMNS, "Missing required columns in submission: ImageId, FeatureName. "
                        + "Expected header: RowId,ImageId,FeatureName,Location.");
    }

    @Test
    void detecting_insults_accepts_insult_date_comment() {
        Answers truth = answers(Table.of("Comment,Insult", "you fool,1", "nice day,0", "idiot,1", "thanks,0"), "Comment");
        // scores 0.9, 0.2, 0.4, 0.3: positives (0.9, 0.4) beat both negatives -> AUC 1
        GradeReport r = grade("detecting-insults-in-social-commentary", new RocAuc(), truth,
                "Insult,Date,Comment\n0.9,20120618192155Z,you fool\n0.2,,nice day\n0.4,20120618210000Z,idiot\n0.3,,thanks\n");
        assertThat(r.scores().full()).isEqualTo(1.0);
        refused("detecting-insults-in-social-commentary", new RocAuc(), truth,
                "Insult,Comment\n0.9,you fool\n0.2,nice day\n0.4,idiot\n0.3,thanks\n", SubmissionErrorKind.MISSING_COLUMNS,
                "Missing required columns in submission: Date. Expected header: Insult,Date,Comment.");
    }

    // ---- checks the reference makes --------------------------------------------------------------------------

    private static final Answers HOUSES = answers(Table.of("Id,SalePrice", "1,100000", "2,200000", "3,300000"), "Id");

    @Test
    void home_data_wants_positive_finite_prices_and_tolerates_extra_columns() {
        GradeReport r = grade("home-data-for-ml-course", new Rmse(), HOUSES,
                "Id,SalePrice,note\n1,100000,a\n2,200000,b\n3,300300,c\n");
        assertThat(r.scores().full()).isCloseTo(Math.sqrt(300.0 * 300 / 3), within(1e-9));
        refused("home-data-for-ml-course", new Rmse(), HOUSES, "Id,SalePrice\n1,inf\n2,\n3,-5\n",
                SubmissionErrorKind.MISSING_VALUES, "Submission contains missing values: column 'SalePrice' is empty or "
                        + "NaN in 1 row, e.g. Id=2. Fill every cell with a value.");
        refused("home-data-for-ml-course", new Rmse(), HOUSES, "Id,SalePrice\n1,inf\n2,5\n3,-5\n",
                SubmissionErrorKind.NON_FINITE_VALUE, "Column 'SalePrice' contains infinite (inf) values in 1 row, e.g. "
                        + "Id=1 (inf); predictions must be finite numbers.");
        refused("home-data-for-ml-course", new Rmse(), HOUSES, "Id,SalePrice\n1,0\n2,5\n3,-5\n",
                SubmissionErrorKind.OUT_OF_RANGE, "Column 'SalePrice' contains non-positive values in 2 rows, e.g. "
                        + "Id=1 (0.0), Id=3 (-5.0); every prediction must be greater than 0.");
    }

    @Test
    void ashrae_wants_no_missing_cell_and_no_negative_reading() {
        Answers truth = answers(Table.of("row_id,meter_reading", "0,10", "1,20"), "row_id");
        assertThat(grade("ashrae-energy-prediction", new Rmsle(), truth, "row_id,meter_reading\n0,10\n1,20\n")
                .scores().full()).isEqualTo(0.0);
        refused("ashrae-energy-prediction", new Rmsle(), truth, "row_id,meter_reading\n0,-0.5\n1,20\n",
                SubmissionErrorKind.OUT_OF_RANGE, "Column 'meter_reading' contains negative values in 1 row, e.g. "
                        + "row_id=0 (-0.5); every prediction must be greater than or equal to 0.");
        refused("ashrae-energy-prediction", new Rmsle(), truth, "row_id,meter_reading\n0,-0.5\n1,NaN\n",
                SubmissionErrorKind.MISSING_VALUES, "Submission contains missing values: column 'meter_reading' is empty "
                        + "or NaN in 1 row, e.g. row_id=1. Fill every cell with a value.");
    }

    @Test
    void statoil_wants_probabilities_and_ignores_extra_columns() {
        Answers truth = answers(Table.of("id,is_iceberg", "a,1", "b,0"), "id");
        GradeReport r = grade("statoil-iceberg-classifier-challenge", new LogLossBinary(), truth,
                "id,is_iceberg,extra\na,0.5,x\nb,0.5,y\n");
        assertThat(r.scores().full()).isCloseTo(Math.log(2), within(1e-12));
        refused("statoil-iceberg-classifier-challenge", new LogLossBinary(), truth, "id,is_iceberg\na,1.2\nb,0\n",
                SubmissionErrorKind.OUT_OF_RANGE, "Column 'is_iceberg' contains values outside [0, 1] in 1 row, e.g. "
                        + "id=a (1.2); probabilities must be between 0 and 1.");
    }

    @Test
    void tmdb_s3e20_and_winton_refuse_a_missing_value_anywhere() {
        Answers revenue = answers(Table.of("id,revenue", "1,100", "2,200"), "id");
        refused("tmdb-box-office-prediction", new Rmsle(), revenue, "id,revenue\n1,100\n2,\n",
                SubmissionErrorKind.MISSING_VALUES, "Submission contains missing values: column 'revenue' is empty or "
                        + "NaN in 1 row, e.g. id=2. Fill every cell with a value.");
        Answers emission = answers(Table.of("ID_LAT_LON_YEAR_WEEK,emission", "x_1,1.5", "x_2,2.5"), "ID_LAT_LON_YEAR_WEEK");
        refused("playground-series-s3e20", new Rmse(), emission, "ID_LAT_LON_YEAR_WEEK,emission\nx_1,NA\nx_2,2.5\n",
                SubmissionErrorKind.MISSING_VALUES, "Submission contains missing values: column 'emission' is empty or "
                        + "NaN in 1 row, e.g. ID_LAT_LON_YEAR_WEEK=x_1. Fill every cell with a value.");
        Answers winton = answers(Table.of("Id,Predicted,Weight_Intraday,Weight_Daily", "1_1,0.1,1,2", "1_2,0.2,1,2"), "Id");
        // extra columns are allowed there, but not with empty cells
        refused("the-winton-stock-market-challenge", new WeightedMae(), winton, "Id,Predicted,comment\n1_1,0.1,\n1_2,0.2,ok\n",
                SubmissionErrorKind.MISSING_VALUES, "Submission contains missing values: column 'comment' is empty or "
                        + "NaN in 1 row, e.g. Id=1_1. Fill every cell with a value.");
    }

    @Test
    void kaggle_llm_refuses_a_missing_answer_that_crashes_the_reference_and_tolerates_extra_columns() {
        Answers truth = answers(Table.of("id,answer", "0,A", "1,B"), "id");
        GradeReport r = grade("kaggle-llm-science-exam", new MapAtK(), truth, "id,answer,prompt\n0,A B C,q\n1,A B C,q\n");
        assertThat(r.scores().full()).isCloseTo(0.75, within(1e-12)); // AP 1 and 1/2
        refused("kaggle-llm-science-exam", new MapAtK(), truth, "id,answer\n0,A B C\n1,\n", SubmissionErrorKind.MISSING_VALUES,
                "Submission contains missing values: column 'answer' is empty or NaN in 1 row, e.g. id=1. Fill every "
                        + "cell with a value.");
    }

    @Test
    void airbnb_refuses_extra_columns_although_its_metric_pairs_rows_itself() {
        Answers truth = answers(Table.of("id,country", "u1,FR", "u2,US"), "id");
        GradeReport r = grade("airbnb-recruiting-new-user-bookings", new NdcgAtK(), truth,
                "id,country\nu1,FR\nu1,US\nu2,US\n");
        assertThat(r.scores().full()).isEqualTo(1.0);
        refused("airbnb-recruiting-new-user-bookings", new NdcgAtK(), truth, "id,country,score\nu1,FR,1\nu2,US,1\n",
                SubmissionErrorKind.EXTRA_COLUMNS,
                "Extra unexpected columns found in submission: score. Expected header: id,country.");
    }

    @Test
    void hms_vote_probabilities_must_sum_to_one() {
        TaskDefinition hms = task("hms-harmful-brain-activity-classification");
        String header = "eeg_id," + String.join(",", hms.targetColumns());
        Answers truth = answers(Table.of(header, "7,1,0,0,0,0,0", "8,0,1,0,0,0,0"), "eeg_id");
        refused("hms-harmful-brain-activity-classification", new KlDivergence(), truth,
                header + "\n7,0.5,0.5,0,0,0,0\n8,0.5,0.4,0,0,0,0\n", SubmissionErrorKind.OUT_OF_RANGE,
                "The probabilities of 1 row do not sum to one (tolerance 0.001), e.g. eeg_id=8 (sum 0.9); the columns "
                        + String.join(", ", hms.targetColumns()) + " of each row must sum to 1.");
    }
}
