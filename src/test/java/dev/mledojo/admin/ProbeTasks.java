package dev.mledojo.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.mledojo.task.TaskCatalogueSync;

/** Small tasks for the admin page tests: a local-data task folder, its raw data archive, a zipped task folder. */
final class ProbeTasks {

    private ProbeTasks() {
    }

    /** Defines task {@code id} (accuracy on a label of x, split_train_csv) from a folder under {@code dir}. */
    static void define(TaskCatalogueSync sync, Path dir, String id) throws IOException {
        define(sync, dir, id, "source: local");
    }

    /** The same task with its own {@code data:} settings (one per line, e.g. a Kaggle competition). */
    static void define(TaskCatalogueSync sync, Path dir, String id, String... data) throws IOException {
        Path folder = dir.resolve(id);
        Files.createDirectories(folder.resolve("leaderboard"));
        Files.writeString(folder.resolve("task.yaml"), """
                id: %s
                title: Page probe %s
                domain: tabular
                tags: [probe]
                summary: Predict the label from x.
                metric:
                  id: accuracy
                  params: {impl: sklearn.accuracy_score}
                higher_is_better: true
                id_column: id
                target_columns: [label]
                submission_file: submission.csv
                data:
                %s
                prepare:
                  pattern: split_train_csv
                  test_fraction: 0.25
                  seed: 3
                """.formatted(id, id, String.join("\n", java.util.Arrays.stream(data).map(d -> "  " + d).toList())));
        Files.writeString(folder.resolve("description.md"), "# Page probe\n\nPredict `label`.\n");
        Files.writeString(folder.resolve("leaderboard/public.csv"), "rank,score\n1,0.95\n2,0.9\n3,0.8\n4,0.7\n5,0.6\n");
        Files.writeString(folder.resolve("leaderboard/private.csv"), "rank,score\n1,0.96\n2,0.9\n3,0.8\n4,0.7\n5,0.6\n");
        sync.syncAll(dir);
    }

    /** The task's raw data: a zip with train.csv. */
    static byte[] rawArchive(int rows) throws IOException {
        StringBuilder sb = new StringBuilder("id,x,label\n");
        for (int i = 1; i <= rows; i++) {
            sb.append(i).append(',').append(i % 17).append(',').append(i % 17 > 8 ? "yes" : "no").append('\n');
        }
        return zip(new String[][] {{"train.csv", sb.toString()}});
    }

    /** A zipped task folder (rmse task) for the "add or edit a task" form. */
    static byte[] taskFolder(String id) throws IOException {
        return zip(new String[][] {
                {id + "/task.yaml", "id: " + id + "\ntitle: Uploaded on the page\ndomain: tabular\nsummary: A curated task.\n"
                        + "metric: {id: rmse, params: {nan: propagate}}\nhigher_is_better: false\nid_column: id\n"
                        + "target_columns: [y]\nsubmission_file: submission.csv\ndata: {source: local}\n"
                        + "prepare: {pattern: split_train_csv, test_fraction: 0.2, seed: 1}\n"},
                {id + "/description.md", "# Uploaded\n\nPredict y.\n"},
                {id + "/leaderboard/public.csv", "rank,score\n1,0.5\n2,0.9\n"},
                {id + "/leaderboard/private.csv", "rank,score\n1,0.4\n2,0.8\n3,1.2\n"}});
    }

    static byte[] zip(String[][] files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String[] f : files) {
                zip.putNextEntry(new ZipEntry(f[0]));
                zip.write(f[1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
