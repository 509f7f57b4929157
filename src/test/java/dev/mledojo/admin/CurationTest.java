package dev.mledojo.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.task.TaskCatalogueSync;
import dev.mledojo.task.TaskConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** An admin imports a task's raw data from an archive; it is prepared, reviewed, activated and then grades. */
@QuarkusTest
class CurationTest {

    static final String TASK = "curation-probe";

    @Inject
    TaskCatalogueSync sync;

    @Inject
    TaskConfig config;

    @TempDir
    Path tmp;

    private void defineTask() throws IOException {
        ProbeTasks.define(sync, tmp.resolve("tasks"), TASK);
    }

    private static byte[] zip(String name, String content) throws IOException {
        return ProbeTasks.zip(new String[][] {{name, content}});
    }

    @Test
    void an_uploaded_archive_is_prepared_reviewed_activated_and_graded() throws IOException {
        defineTask();
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "raw.zip", ProbeTasks.rawArchive(400), "application/zip")
                .post("/api/v1/admin/tasks/" + TASK + "/data").then().statusCode(202)
                .header("Location", containsString("/preparation"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !given().auth().preemptive().basic("admin", "admin")
                .get("/api/v1/admin/tasks/" + TASK + "/preparation").then().extract().jsonPath().getString("state")
                .equals("running"));
        JsonPath job = given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/tasks/" + TASK + "/preparation")
                .then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("reviewed");
        assertThat(job.getList("checks.passed")).containsOnly(true);
        assertThat(job.getList("checks.name")).contains("split-disjoint-and-complete", "sample-submission-wins-no-medal",
                "answers-score-perfectly");

        given().get("/api/v1/tasks/" + TASK).then().statusCode(200).body("status", equalTo("draft"))
                .body("files.name", hasItem("train.csv")).body("files.name", hasItem("test.csv"));
        byte[] sample = given().get("/api/v1/tasks/" + TASK + "/data/sample_submission.csv").then().statusCode(200)
                .extract().asByteArray();
        given().auth().preemptive().basic("admin", "admin").multiPart("file", "s.csv", sample, "text/csv")
                .post("/api/v1/tasks/" + TASK + "/grade").then().statusCode(409);
        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/" + TASK + "/activate").then()
                .statusCode(200).body("status", equalTo("ready"));
        given().auth().preemptive().basic("admin", "admin").multiPart("file", "s.csv", sample, "text/csv")
                .post("/api/v1/tasks/" + TASK + "/grade").then().statusCode(200).body("medal", equalTo("NONE"));
        given().auth().preemptive().basic("admin", "admin").queryParam("action", "task.data.import")
                .get("/api/v1/admin/audit").then().body("target", hasItem(containsString(TASK)));
    }

    @Test
    void a_malicious_archive_is_rejected_with_a_clear_message_and_nothing_written() throws IOException {
        defineTask();
        Path imports = Path.of(config.dataDir()).toAbsolutePath().resolve("imports");
        long before = Files.exists(imports) ? Files.list(imports).count() : 0;
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "evil.zip", zip("../../evil.txt", "pwned"), "application/zip")
                .post("/api/v1/admin/tasks/" + TASK + "/data").then().statusCode(400)
                .contentType("application/problem+json").body("type", containsString("archive-rejected"))
                .body("detail", containsString("evil.txt"));
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "notes.zip", "just text, not an archive".getBytes(), "application/zip")
                .post("/api/v1/admin/tasks/" + TASK + "/data").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.startsWith("The file is not a zip, tar.gz or tar archive"));
        long after = Files.exists(imports) ? Files.list(imports).count() : 0;
        assertThat(after).isEqualTo(before);
        assertThat(Path.of(config.dataDir()).toAbsolutePath().resolve("evil.txt")).doesNotExist();
    }

    private static byte[] taskFolderZip(String id, String domain, String privateBoard) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String[] f : new String[][] {
                    {id + "/task.yaml", "id: " + id + "\ntitle: Curated\ndomain: " + domain + "\nsummary: A curated task.\n"
                            + "metric: {id: rmse, params: {nan: propagate}}\nhigher_is_better: false\nid_column: id\n"
                            + "target_columns: [y]\nsubmission_file: submission.csv\ndata: {source: local}\n"
                            + "prepare: {pattern: split_train_csv, test_fraction: 0.2, seed: 1}\n"},
                    {id + "/description.md", "# Curated\n\nPredict y.\n"},
                    {id + "/leaderboard/public.csv", "rank,score\n1,0.5\n2,0.9\n"},
                    {id + "/leaderboard/private.csv", privateBoard}}) {
                zip.putNextEntry(new ZipEntry(f[0]));
                zip.write(f[1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void an_uploaded_task_folder_becomes_a_draft_and_edits_make_new_versions() throws IOException {
        String id = "curated-upload";
        byte[] folder = taskFolderZip(id, "tabular", "rank,score\n1,0.4\n2,0.8\n3,1.2\n");
        given().auth().preemptive().basic("admin", "admin").multiPart("file", "task.zip", folder, "application/zip")
                .post("/api/v1/admin/tasks").then().statusCode(201).body("newVersion", equalTo(true));
        given().get("/api/v1/tasks/" + id).then().statusCode(200).body("version", equalTo(1))
                .body("status", equalTo("draft")).body("privateBoard.entries", equalTo(3));
        given().auth().preemptive().basic("admin", "admin").multiPart("file", "task.zip", folder, "application/zip")
                .post("/api/v1/admin/tasks").then().statusCode(200).body("newVersion", equalTo(false));

        given().auth().preemptive().basic("admin", "admin").contentType("text/csv").body("rank,score\n1,0.3\n2,0.6\n")
                .put("/api/v1/admin/tasks/" + id + "/leaderboard/private").then().statusCode(200)
                .body("newVersion", equalTo(true));
        given().get("/api/v1/tasks/" + id).then().body("version", equalTo(2)).body("privateBoard.entries", equalTo(2));

        given().auth().preemptive().basic("admin", "admin").contentType("text/csv").body("rank,score\n1,abc\n")
                .put("/api/v1/admin/tasks/" + id + "/leaderboard/private").then().statusCode(400)
                .body("file", equalTo("leaderboard/private.csv"));
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "task.zip", taskFolderZip(id, "space", "rank,score\n1,1\n"), "application/zip")
                .post("/api/v1/admin/tasks").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("domain"));
        given().get("/api/v1/tasks/" + id).then().body("version", equalTo(2)).body("problem", org.hamcrest.Matchers.nullValue());
        given().auth().preemptive().basic("admin", "admin").queryParam("target", "task:" + id).get("/api/v1/admin/audit")
                .then().body("action", hasItem("task.leaderboard.private")).body("action", hasItem("task.define"));
    }

    @Test
    void an_uploaded_task_folder_whose_task_yaml_is_not_text_is_refused_with_400() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("task.yaml"));
            zip.write(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
            zip.closeEntry();
        }
        given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "task.zip", bytes.toByteArray(), "application/zip")
                .post("/api/v1/admin/tasks").then().statusCode(400).contentType("application/problem+json")
                .body("type", containsString("invalid-task-folder"))
                .body("detail", equalTo("task.yaml: not UTF-8 text"));
    }

    @Test
    void only_admins_curate() throws IOException {
        given().auth().preemptive().basic("demo", "demo").multiPart("file", "raw.zip", zip("train.csv", "id\n1\n"))
                .post("/api/v1/admin/tasks/" + TASK + "/data").then().statusCode(403);
        given().multiPart("file", "raw.zip", zip("train.csv", "id\n1\n"))
                .post("/api/v1/admin/tasks/" + TASK + "/data").then().statusCode(401);
    }

}
