package dev.mledojo.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.Table;
import dev.mledojo.task.Answers;
import dev.mledojo.task.FeedbackSplit.Part;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.testing.TestTasks;

/** A grade report names the data its answers came from, beside the definition's content hash. */
class GradeReportDataHashTest {

    private static final TaskDefinition TASK = TestTasks.regression(List.of(1.0), List.of(1.0));
    private static final Table TRUTH = Table.of("id,y", "1,10", "2,20");
    private static final Map<String, Part> PARTS = Map.of("1", Part.FEEDBACK, "2", Part.FINAL);

    private static GradeReport grade(Answers answers) {
        byte[] csv = "id,y\n1,11\n2,20\n".getBytes(StandardCharsets.UTF_8);
        return new Grader(1_000_000, 100).grade(TASK, new TestTasks.TestMae(), answers, new ByteArrayInputStream(csv),
                csv.length, FeedbackMode.SPLIT);
    }

    @Test
    void theReportNamesTheAnswersDataHashAndTheVersionsContentHash() {
        String hash = "ab".repeat(32);
        GradeReport r = grade(new Answers(TRUTH, PARTS, hash));
        assertThat(r.dataHash()).isEqualTo(hash);
        assertThat(r.taskVersion()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(r.scores().full()).isEqualTo(0.5);
    }

    @Test
    void answersThatWereNeverStoredNameNoData() {
        assertThat(grade(new Answers(TRUTH, PARTS)).dataHash()).isNull();
    }
}
