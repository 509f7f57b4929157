package dev.mledojo.episode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.grading.GradingService;
import dev.mledojo.task.TaskConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * What an agent leaves at the submission path (hostile audit, findings 3 and 8), through execute_code over HTTP: a
 * directory is a step error and the next step works; a sparse file over the limit is refused before anything is
 * copied, so no archive is ever larger than the limit.
 */
@QuarkusTest
class SubmissionFileTest {

    static final String TASK = "practice-tabular-binary";

    static final String GOOD = """
            import csv
            rows = list(csv.DictReader(open('/data/test.csv')))
            with open('/workspace/submission.csv', 'w', newline='') as f:
                w = csv.writer(f)
                w.writerow(['id', 'churned'])
                for r in rows:
                    w.writerow([r['id'], float(r['days_since_login'] or 0)])
            """;

    @Inject
    TaskConfig config;

    @Inject
    GradingService grading;

    final Gym demo = new Gym("demo", "demo");

    @Test
    void a_directory_at_the_submission_path_is_a_step_error_and_the_next_step_works() {
        String id = demo.create(TASK, 5);
        JsonPath dir = demo.step(id, "execute_code", Map.of("code", """
                import os
                os.makedirs('/workspace/submission.csv/inner')
                open('/workspace/submission.csv/inner/x.csv', 'w').write('id,churned\\n')
                """));
        JsonPath next = demo.step(id, "execute_code", Map.of("code", GOOD));
        // the episode goes on: the next step with a proper file is graded (it failed as sandbox_error before)
        assertThat(next.getString("observation.status")).as(next.getString("observation.feedback")).isEqualTo("success");
        assertThat(next.getBoolean("observation.result.submission.valid")).isTrue();
        assertThat(next.getInt("observation.result.submission.submission")).isEqualTo(1);
        assertThat(dir.getString("observation.status")).isEqualTo("error");
        assertThat(dir.getString("observation.error.kind")).isEqualTo("submission_missing");
        assertThat(dir.getString("observation.error.message"))
                .isEqualTo("/workspace/submission.csv is a directory, not a file (it is removed before the next run)");
        assertThat(dir.getString("observation.feedback")).contains("/workspace/submission.csv is a directory, not a file");
        // validate_code clears a directory as well
        JsonPath validated = demo.step(id, "validate_code", Map.of("code", "import os\nos.makedirs('/workspace/submission.csv/d')"));
        assertThat(validated.getString("observation.status")).as(validated.getString("observation.feedback")).isEqualTo("success");
        assertThat(demo.step(id, "execute_code", Map.of("code", GOOD)).getString("observation.status")).isEqualTo("success");
        demo.get("/api/v1/episodes/" + id).statusCode(200).body("stepCount", org.hamcrest.Matchers.equalTo(4));
        demo.close(id).statusCode(200);
    }

    @Test
    void a_sparse_submission_over_the_limit_is_refused_before_anything_is_copied() throws IOException {
        long limit = grading.maxSubmissionBytes();
        String id = demo.create(TASK, 5);
        JsonPath sparse = demo.step(id, "execute_code", Map.of("code", """
                with open('/workspace/submission.csv', 'wb') as f:
                    f.write(b'id,churned\\n')
                    f.truncate(520 << 20)
                """));
        assertThat(archives(id)).as("nothing archived, no staging copy left").isEmpty();
        assertThat(sparse.getString("observation.status")).isEqualTo("error");
        assertThat(sparse.getString("observation.error.kind")).isEqualTo("invalid_submission");
        assertThat(sparse.getString("observation.error.message")).isEqualTo("file_too_large: the submission is "
                + (520L << 20) + " bytes (520 MiB); the limit is " + limit + " bytes (512 MiB). It was not archived or "
                + "graded.");
        assertThat(sparse.getBoolean("observation.result.submission.archived")).isFalse();
        assertThat(sparse.getDouble("reward")).isZero();

        // the next valid submission is number 1 and the only archive
        JsonPath good = demo.step(id, "execute_code", Map.of("code", GOOD));
        assertThat(good.getString("observation.status")).as(good.getString("observation.feedback")).isEqualTo("success");
        assertThat(good.getInt("observation.result.submission.submission")).isEqualTo(1);
        List<Path> archives = archives(id);
        assertThat(archives).extracting(p -> p.getFileName().toString()).containsExactly("submission_1.csv");
        assertThat(Files.size(archives.get(0))).isLessThan(limit);
        demo.close(id).statusCode(200);
    }

    @Test
    void a_line_too_long_is_an_invalid_submission_not_a_platform_error() {
        String id = demo.create(TASK, 3);
        JsonPath wide = demo.step(id, "execute_code", Map.of("code", """
                with open('/workspace/submission.csv', 'w') as f:
                    f.write('id,churned\\n1,')
                    for _ in range(17):
                        f.write('9' * (1 << 20))
                    f.write('\\n')
                """));
        assertThat(wide.getString("observation.error.kind")).isEqualTo("invalid_submission");
        assertThat(wide.getString("observation.error.message"))
                .startsWith("line_too_long: Line 2 is longer than 16,777,216 characters");
        demo.close(id).statusCode(200);
    }

    private List<Path> archives(String id) throws IOException {
        Path dir = Path.of(config.dataDir()).toAbsolutePath().resolve("episodes").resolve(id).resolve("submissions");
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
