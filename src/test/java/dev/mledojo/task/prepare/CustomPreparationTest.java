package dev.mledojo.task.prepare;

import static dev.mledojo.task.prepare.Fixtures.map;
import static dev.mledojo.task.prepare.Fixtures.names;
import static dev.mledojo.task.prepare.Fixtures.task;
import static dev.mledojo.task.prepare.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.metric.classification.Accuracy;
import dev.mledojo.sandbox.BwrapExecutor;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.sandbox.SandboxSettings;
import dev.mledojo.task.TaskDefinition;

/**
 * Pattern {@code custom}: the task's {@code prepare/prepare.py} runs in the real bubblewrap sandbox with the raw data
 * read-only at {@code /data} and the version directory as its workspace. Skipped locally without bwrap/python3, FAILS
 * under {@code DOJO_CI=true}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CustomPreparationTest {

    static BwrapExecutor executor;

    @TempDir
    Path tmp;
    Path raw;
    Path taskFolder;

    @BeforeAll
    static void start() {
        String missing = !Files.isExecutable(SandboxSettings.DEFAULT_BWRAP) ? SandboxSettings.DEFAULT_BWRAP + " not found"
                : !Files.isExecutable(SandboxSettings.DEFAULT_PYTHON) ? SandboxSettings.DEFAULT_PYTHON + " not found" : null;
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("DOJO_CI"))) {
                fail("DOJO_CI=true but the sandbox cannot be tested: " + missing + " (apt-get install bubblewrap python3)");
            }
            Assumptions.abort("sandbox tools missing: " + missing);
        }
        executor = new BwrapExecutor(SandboxSettings.defaults());
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    @BeforeEach
    void layout() throws IOException {
        // @TempDir is 0700; the sandbox uid must be able to reach the raw data and the workspace
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringBuilder train = new StringBuilder("image,label\n");
        for (int i = 0; i < 40; i++) {
            train.append("img").append(i).append(".png,").append(i % 2 == 0 ? "cat" : "dog").append('\n');
        }
        raw = Fixtures.rawFromZip(tmp, "raw", Map.of("labels.csv", utf8(train.toString())));
        taskFolder = Files.createDirectories(tmp.resolve("tasks/custom-task/prepare"));
        taskFolder = taskFolder.getParent();
    }

    private Preparer preparer() {
        return new Preparer(executor, SandboxLimits.defaults().withWallTime(Duration.ofSeconds(60)));
    }

    private static TaskDefinition customTask() {
        return task("accuracy", true, "id", List.of("label"), map("pattern", "custom", "seed", 3, "test_fraction", 0.25),
                List.of(0.99, 0.98), List.of(0.99, 0.98, 0.97));
    }

    @Test
    void runsTheTaskScriptInTheSandbox() throws IOException {
        Files.writeString(taskFolder.resolve("prepare/prepare.py"), """
                import csv, json, os, random
                task = json.load(open('/workspace/.dojo-task.json'))
                rows = list(csv.DictReader(open('/data/labels.csv')))
                random.Random(task['seed']).shuffle(rows)
                cut = int(len(rows) * (1 - task['test_fraction']))
                train, test = rows[:cut], rows[cut:]
                idc = task['id_column']
                def write(path, header, items):
                    with open(path, 'w', newline='') as f:
                        w = csv.writer(f, lineterminator='\\n')
                        w.writerow(header)
                        w.writerows(items)
                write('public/train.csv', [idc, 'label'], [[r['image'], r['label']] for r in train])
                write('public/test.csv', [idc], [[r['image']] for r in test])
                write('public/sample_submission.csv', [idc, 'label'], [[r['image'], 'cat'] for r in test])
                write('private/answers.csv', [idc, 'label'], [[r['image'], r['label']] for r in test])
                open('scratch.tmp', 'w').write('left over')
                try:
                    open('/data/evil.txt', 'w')
                    print('raw data was writable')
                except OSError:
                    print('raw data is read-only')
                """);
        Path out = tmp.resolve("v");
        TaskDefinition task = customTask();
        PreparationReport report = preparer().prepare(raw, task, taskFolder, out, null);

        assertThat(report.rows("public/train.csv")).isEqualTo(30);
        assertThat(report.rows("private/answers.csv")).isEqualTo(10);
        assertThat(report.file("private/split.csv")).isNotNull();
        assertThat(report.file("public/description.md")).isNotNull();
        assertThat(out.resolve(".dojo-task.json")).doesNotExist();
        assertThat(out.resolve("scratch.tmp")).doesNotExist();
        assertThat(report.warnings()).anyMatch(w -> w.contains("'scratch.tmp' outside public/ and private/"))
                .anyMatch(w -> w.contains("raw data is read-only"));
        assertThat(raw.resolve("evil.txt")).doesNotExist();
        PreparerTest.assertReviewPasses(task, new Accuracy(), out);
    }

    @Test
    void aFailingScriptReportsItsErrorAndLeavesNothing() throws IOException {
        Files.writeString(taskFolder.resolve("prepare/prepare.py"), """
                import csv
                open('public/train.csv', 'w').write('half done')
                raise ValueError('column image_id not found in labels.csv')
                """);
        List<String> before = names(tmp);
        PreparationException e = catchThrowableOfType(PreparationException.class,
                () -> preparer().prepare(raw, customTask(), taskFolder, tmp.resolve("v"), null));
        assertThat(e.getMessage()).contains("prepare/prepare.py did not finish: it failed with exit status 1")
                .contains("ValueError: column image_id not found in labels.csv");
        assertThat(names(tmp)).isEqualTo(before);
    }

    @Test
    void aScriptThatLinksToHostFilesIsRefused() throws IOException {
        Files.writeString(taskFolder.resolve("prepare/prepare.py"), """
                import os
                os.symlink('/etc/passwd', 'public/sample_submission.csv')
                open('private/answers.csv', 'w').write('id,label\\n1,cat\\n')
                """);
        PreparationException e = catchThrowableOfType(PreparationException.class,
                () -> preparer().prepare(raw, customTask(), taskFolder, tmp.resolve("v"), null));
        assertThat(e.getMessage()).contains("symbolic link 'public/sample_submission.csv'");
        assertThat(tmp.resolve("v")).doesNotExist();
    }

    @Test
    void aScriptThatProducesNoAnswersFails() throws IOException {
        Files.writeString(taskFolder.resolve("prepare/prepare.py"), "open('public/sample_submission.csv', 'w').write('id,label\\n')\n");
        PreparationException e = catchThrowableOfType(PreparationException.class,
                () -> preparer().prepare(raw, customTask(), taskFolder, tmp.resolve("v"), null));
        assertThat(e.getMessage()).contains("produced no private/answers.csv");
    }

    @Test
    void withoutAnExecutorTheMessageSaysSo() throws IOException {
        Files.writeString(taskFolder.resolve("prepare/prepare.py"), "print('hi')\n");
        PreparationException e = catchThrowableOfType(PreparationException.class,
                () -> new Preparer().prepare(raw, customTask(), taskFolder, tmp.resolve("v"), null));
        assertThat(e.getMessage()).contains("no code executor is configured");
    }
}
