package dev.mledojo.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Table;
import dev.mledojo.task.Answers;
import dev.mledojo.task.DataFile;
import dev.mledojo.task.DataHash;
import dev.mledojo.task.TaskCatalogueSync;
import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskDataService;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Data-addressed, immutable task versions: importing data for an offered version makes a new draft version and leaves
 * the offered one's files and hash alone; a running episode keeps its version's data and answers after a new version
 * is activated; grade reports and episode results name the data hash.
 */
@QuarkusTest
class DataVersionsTest {

    @Inject
    TaskCatalogueSync sync;

    @Inject
    TaskConfig config;

    @Inject
    TaskDataService data;

    @Inject
    TaskService tasks;

    @TempDir
    Path tmp;

    /** The probe task's raw data; {@code inverted} flips every label, so the two imports' answers differ everywhere. */
    private static byte[] raw(boolean inverted) throws IOException {
        StringBuilder sb = new StringBuilder("id,x,label\n");
        for (int i = 1; i <= 200; i++) {
            boolean yes = i % 17 > 8;
            sb.append(i).append(',').append(i % 17).append(',').append(yes != inverted ? "yes" : "no").append('\n');
        }
        return ProbeTasks.zip(new String[][] {{"train.csv", sb.toString()}});
    }

    private static JsonPath importData(String task, byte[] archive) {
        return given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "raw.zip", archive, "application/zip")
                .post("/api/v1/admin/tasks/" + task + "/data").then().statusCode(202).extract().jsonPath();
    }

    /** Waits for the task's import to end (it runs in the background) and returns the job. */
    private static JsonPath finished(String task) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !"running".equals(given().auth().preemptive()
                .basic("admin", "admin").get("/api/v1/admin/tasks/" + task + "/preparation").then().extract()
                .jsonPath().getString("state")));
        return given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/tasks/" + task + "/preparation")
                .then().statusCode(200).extract().jsonPath();
    }

    private Path dataDir(String task, String hash) {
        return Path.of(config.dataDir()).toAbsolutePath().resolve("tasks").resolve(task).resolve("data")
                .resolve(hash.substring(0, 16));
    }

    /** A submission that copies a version's answers: perfect on that version, wrong on every row of the other. */
    private static String copyOfAnswers(Path dir) {
        Table answers = CsvTables.read(dir.resolve("private/answers.csv"));
        StringBuilder sb = new StringBuilder("id,label\n");
        String[] ids = answers.strings("id");
        String[] labels = answers.strings("label");
        for (int i = 0; i < ids.length; i++) {
            sb.append(ids[i]).append(',').append(labels[i]).append('\n');
        }
        return sb.toString();
    }

    private static JsonPath grade(String task, String csv) {
        return given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "s.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/tasks/" + task + "/grade").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void importingDataForAnOfferedVersionMakesANewVersionAndARunningEpisodeKeepsItsData() throws IOException {
        String task = "data-versions-probe";
        ProbeTasks.define(sync, tmp.resolve("tasks"), task);

        JsonPath first = importData(task, raw(false));
        assertThat(first.getInt("version")).isEqualTo(1);
        assertThat(first.getString("message")).isNull();
        JsonPath v1job = finished(task);
        assertThat(v1job.getString("state")).as(v1job.prettify()).isEqualTo("reviewed");
        String h1 = v1job.getString("dataHash");
        assertThat(h1).hasSize(64);
        Path dir1 = dataDir(task, h1);
        assertThat(DataHash.of(dir1)).isEqualTo(h1);
        List<DataFile> filesOfV1 = TaskDataService.inventory(dir1);
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/" + task + "/activate").then()
                .statusCode(200).body("version", equalTo(1)).body("status", equalTo("ready"));
        given().get("/api/v1/tasks/" + task).then().statusCode(200).body("version", equalTo(1))
                .body("dataHash", equalTo(h1));

        // a grade report names the data it was graded on
        String perfectOnV1 = copyOfAnswers(dir1);
        JsonPath graded = grade(task, perfectOnV1);
        assertThat(graded.getString("dataHash")).isEqualTo(h1);
        assertThat(graded.getDouble("scores.full")).isEqualTo(1.0);

        // an episode starts on v1
        String episode = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("task", task, "budget", Map.of("max_steps", 5))).post("/api/v1/episodes").then()
                .statusCode(201).body("version", equalTo(1)).extract().jsonPath().getString("id");

        // new data for the offered v1: a new draft v2; v1 stays offered, its files and hash untouched
        JsonPath second = importData(task, raw(true));
        assertThat(second.getInt("version")).isEqualTo(2);
        assertThat(second.getString("message")).isEqualTo("Task " + task + " v1 is offered and its data is immutable: "
                + "this import prepares draft version v2 (same definition, new data); review it and activate it to "
                + "offer it. Episodes and results of v1 keep their data.");
        JsonPath v2job = finished(task);
        assertThat(v2job.getString("state")).as(v2job.prettify()).isEqualTo("reviewed");
        assertThat(v2job.getInt("version")).isEqualTo(2);
        String h2 = v2job.getString("dataHash");
        assertThat(h2).hasSize(64).isNotEqualTo(h1);
        given().get("/api/v1/tasks/" + task).then().statusCode(200).body("version", equalTo(1))
                .body("status", equalTo("ready")).body("dataHash", equalTo(h1));
        assertThat(TaskDataService.inventory(dir1)).isEqualTo(filesOfV1);
        assertThat(DataHash.of(dir1)).isEqualTo(h1);
        given().auth().preemptive().basic("admin", "admin").queryParam("target", "task:" + task + "@v2")
                .get("/api/v1/admin/audit").then().statusCode(200).body("action", hasItem("task.version.create"))
                .body("action", hasItem("task.data.import"));
        given().auth().preemptive().basic("admin", "admin").get("/admin?q=" + task).then().statusCode(200)
                .body(containsString("next: v2")).body(containsString("Activate v2"))
                .body(containsString("v1 stays offered until v2 is activated."));

        // v2 is activated: it is offered from now on
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/" + task + "/activate").then()
                .statusCode(200).body("version", equalTo(2)).body("status", equalTo("ready"));
        given().get("/api/v1/tasks/" + task).then().statusCode(200).body("version", equalTo(2))
                .body("dataHash", equalTo(h2));
        assertThat(TaskDataService.inventory(dir1)).isEqualTo(filesOfV1);

        // the episode still sees v1's public data and is graded on v1's answers
        String firstTrainLineOfV1 = Files.readAllLines(dir1.resolve("public/train.csv")).get(1);
        String code = "print(open('/data/train.csv').read().splitlines()[1])\n"
                + "open('/workspace/submission.csv', 'w').write('''" + perfectOnV1 + "''')\n";
        JsonPath step = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("action", "execute_code", "params", Map.of("code", code)))
                .post("/api/v1/episodes/" + episode + "/step").then().statusCode(200).extract().jsonPath();
        assertThat(step.getString("observation.status")).as(step.getString("observation.feedback")).isEqualTo("success");
        assertThat(step.getString("observation.result.stdout")).isEqualTo(firstTrainLineOfV1 + "\n");
        assertThat(step.getDouble("observation.result.submission.score")).isEqualTo(1.0);
        JsonPath closed = given().auth().preemptive().basic("demo", "demo").delete("/api/v1/episodes/" + episode).then()
                .statusCode(200).body("version", equalTo(1)).body("dataHash", equalTo(h1))
                .body("result.valid", equalTo(true)).body("result.dataHash", equalTo(h1)).extract().jsonPath();
        assertThat(closed.getDouble("result.fullScore")).isEqualTo(1.0);
        given().auth().preemptive().basic("demo", "demo").get("/episodes/" + episode).then().statusCode(200)
                .body(containsString("<code id=\"result-data-hash\" title=\"data hash\">" + h1 + "</code>"));

        // the same file graded now on the current version: v2's answers, never v1's cached ones
        JsonPath now = grade(task, perfectOnV1);
        assertThat(now.getString("dataHash")).isEqualTo(h2);
        assertThat(now.getDouble("scores.full")).isEqualTo(0.0);
    }

    @Test
    void aVersionNeverOfferedIsReimportedInPlaceAndItsEarlierDataGoes() throws IOException {
        String task = "data-versions-draft";
        ProbeTasks.define(sync, tmp.resolve("tasks"), task);
        importData(task, raw(false));
        String h1 = finished(task).getString("dataHash");
        assertThat(dataDir(task, h1)).isDirectory();

        JsonPath again = importData(task, raw(true));
        assertThat(again.getInt("version")).isEqualTo(1);
        assertThat(again.getString("message")).isNull();
        JsonPath job = finished(task);
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("reviewed");
        String h2 = job.getString("dataHash");
        assertThat(h2).isNotEqualTo(h1);
        given().get("/api/v1/tasks/" + task).then().statusCode(200).body("version", equalTo(1))
                .body("status", equalTo("draft")).body("dataHash", equalTo(h2));
        assertThat(dataDir(task, h1)).doesNotExist();
        assertThat(DataHash.of(dataDir(task, h2))).isEqualTo(h2);
    }

    @Test
    void theAnswersCacheIsKeyedByDataHashNotByVersion() throws IOException {
        String task = "data-versions-cache";
        ProbeTasks.define(sync, tmp.resolve("tasks"), task);
        importData(task, raw(false));
        String h1 = finished(task).getString("dataHash");
        TaskService.VersionRef v = tasks.currentVersion(task).orElseThrow();
        Answers first = data.answers(v);
        importData(task, raw(true));
        String h2 = finished(task).getString("dataHash");
        TaskService.VersionRef same = tasks.currentVersion(task).orElseThrow();
        assertThat(same.id()).isEqualTo(v.id()); // the same version row, re-imported before it was offered
        Answers second = data.answers(same);
        assertThat(first.dataHash()).isEqualTo(h1);
        assertThat(second.dataHash()).isEqualTo(h2);
        assertThat(second.table().strings("label")).isEqualTo(CsvTables.read(dataDir(task, h2)
                .resolve("private/answers.csv")).strings("label"));
        assertThat(second.table().strings("label")[0]).isNotEqualTo(first.table().strings("label")[0]);
        given().get("/api/v1/tasks/" + task).then().body("problem", nullValue());
    }

    @Test
    void dataPreparedBeforeDataHashesIsHashedWhereItIsAndStillGrades() throws IOException {
        String task = "data-versions-legacy";
        ProbeTasks.define(sync, tmp.resolve("tasks"), task);
        importData(task, raw(false));
        String hash = finished(task).getString("dataHash");
        TaskService.VersionRef v = tasks.currentVersion(task).orElseThrow();
        // as a version prepared before V18: data in tasks/<task>/<content hash16>, no data hash or folder recorded
        Path legacy = data.legacyDir(task, v.definition().contentHash());
        Files.move(dataDir(task, hash), legacy);
        QuarkusTransaction.requiringNew().run(() -> TaskVersion.update("dataHash = null, dataDir = null where id = ?1",
                v.id()));
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/" + task + "/activate").then()
                .statusCode(200);

        data.backfillDataHashes();

        TaskService.VersionRef after = tasks.currentVersion(task).orElseThrow();
        assertThat(after.dataHash()).isEqualTo(hash);
        assertThat(after.dataDir()).isEqualTo("tasks/" + task + "/" + v.definition().contentHash().substring(0, 16));
        assertThat(data.dataDir(after)).isEqualTo(legacy);
        JsonPath graded = grade(task, copyOfAnswers(legacy));
        assertThat(graded.getString("dataHash")).isEqualTo(hash);
        assertThat(graded.getDouble("scores.full")).isEqualTo(1.0);
    }

    @Test
    void dataPlacedByHandIsAdoptedIntoItsDataAddressedFolder() throws IOException {
        String task = "data-versions-by-hand";
        ProbeTasks.define(sync, tmp.resolve("tasks"), task);
        TaskService.VersionRef v = tasks.currentVersion(task).orElseThrow();
        Path placed = data.legacyDir(task, v.definition().contentHash());
        Files.createDirectories(placed.resolve("public"));
        Files.createDirectories(placed.resolve("private"));
        Files.writeString(placed.resolve("public/sample_submission.csv"), "id,label\n1,no\n2,no\n");
        Files.writeString(placed.resolve("private/answers.csv"), "id,label\n1,yes\n2,no\n");

        data.prepare(v.id());

        TaskService.VersionRef after = tasks.currentVersion(task).orElseThrow();
        assertThat(after.status().wireName()).isEqualTo("ready");
        assertThat(after.dataHash()).hasSize(64);
        assertThat(after.dataDir()).isEqualTo("tasks/" + task + "/data/" + after.dataHash().substring(0, 16));
        assertThat(placed).doesNotExist();
        Path dir = dataDir(task, after.dataHash());
        assertThat(dir.resolve("private/split.csv")).isRegularFile();
        assertThat(DataHash.of(dir)).isEqualTo(after.dataHash());
    }
}
