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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.metric.classification.Accuracy;
import dev.mledojo.metric.classification.LogLossMulticlass;
import dev.mledojo.metric.classification.RocAuc;
import dev.mledojo.task.TaskDefinition;

/** Pattern {@code image_folder_split}: a label table split by rows, every row's files routed to its side by id. */
class ImageFolderSplitTest {

    @TempDir
    Path tmp;

    final Preparer preparer = new Preparer();

    // ---- single label, files named by id (aptos2019-blindness-detection) -----------------------------------------

    /** 20 labelled images {@code train_images/<id_code>.png}, plus one Kaggle test image that must not be published. */
    private Path aptos() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        StringBuilder train = new StringBuilder("id_code,diagnosis,width\n");
        for (int i = 0; i < 20; i++) {
            String id = String.format("a%02d", i);
            train.append(id).append(',').append(i % 5).append(',').append(100 + i).append('\n');
            entries.put("train_images/" + id + ".png", utf8("png of " + id));
        }
        entries.put("train.csv", utf8(train.toString()));
        entries.put("test_images/kaggle-test.png", utf8("unlabelled"));
        return Fixtures.rawFromZip(tmp, "aptos", entries);
    }

    private static TaskDefinition aptosTask(Object seed) {
        return task("accuracy", true, "id_code", List.of("diagnosis"), map("pattern", "image_folder_split",
                "test_fraction", 0.25, "seed", seed, "media",
                List.of(map("from", "train_images/{id_code}.png", "test", "test_images/{id_code}.png"))),
                List.of(), List.of());
    }

    @Test
    void singleLabelRoutesEachRowsFileToItsSide() throws IOException {
        Path raw = aptos();
        TaskDefinition task = aptosTask(0);
        Path out = tmp.resolve("v1");
        PreparationReport report = preparer.prepare(raw, task, null, out, null);

        assertThat(report.pattern()).isEqualTo("image_folder_split");
        assertThat(report.seed()).isEqualTo(0L);
        assertThat(report.testShare()).isEqualTo(0.25);
        assertThat(report.warnings()).isEmpty();
        assertThat(report.rows("public/train.csv")).isEqualTo(15);
        assertThat(report.rows("public/test.csv")).isEqualTo(5);
        assertThat(header(out.resolve("public/test.csv"))).isEqualTo("id_code,width");
        assertThat(header(out.resolve("private/answers.csv"))).isEqualTo("id_code,diagnosis");
        assertThat(header(out.resolve("public/sample_submission.csv"))).isEqualTo("id_code,diagnosis");
        assertThat(column(out.resolve("public/sample_submission.csv"), 1)).containsOnly("0");
        List<String> trainIds = column(out.resolve("public/train.csv"), 0);
        List<String> testIds = column(out.resolve("private/answers.csv"), 0);
        assertThat(column(out.resolve("public/test.csv"), 0)).containsExactlyElementsOf(testIds);
        // answers in test order, with the row's own label
        for (String line : dataLines(out.resolve("private/answers.csv"))) {
            String[] cells = line.split(",");
            assertThat(Integer.parseInt(cells[1])).isEqualTo(Integer.parseInt(cells[0].substring(1)) % 5);
        }
        // each side holds exactly its own files, with the raw bytes; Kaggle's unlabelled test image is not published
        assertThat(names(out.resolve("public/train_images"))).containsExactlyElementsOf(pngs(trainIds));
        assertThat(names(out.resolve("public/test_images"))).containsExactlyElementsOf(pngs(testIds));
        for (String id : testIds) {
            Path published = out.resolve("public/test_images/" + id + ".png");
            assertThat(Files.readString(published)).isEqualTo("png of " + id);
            // same file system: a hard link, not a copy, and the raw file is still there
            assertThat(Files.isSameFile(published, raw.resolve("train_images/" + id + ".png"))).isTrue();
        }
        assertThat(Files.exists(raw.resolve("train_images/" + testIds.get(0) + ".png"))).isTrue();
        assertThat(report.files()).extracting(PreparationReport.FileEntry::path).hasSize(20 + 6)
                .doesNotContain("public/test_images/kaggle-test.png");
        PreparerTest.assertReviewPasses(task, new Accuracy(), out);

        // reproducible: the same raw data and definition give the same bytes; another seed another split
        Path again = tmp.resolve("v1-again");
        assertThat(preparer.prepare(raw, task, null, again, null)).isEqualTo(report);
        assertThat(contents(again)).containsExactlyEntriesOf(contents(out));
        Path other = tmp.resolve("v2");
        preparer.prepare(raw, aptosTask(7), null, other, null);
        assertThat(column(other.resolve("private/answers.csv"), 0)).hasSize(5).isNotEqualTo(testIds);
    }

    private static List<String> pngs(List<String> ids) {
        return new TreeSet<>(ids).stream().map(id -> id + ".png").toList();
    }

    // ---- one-hot answers from a label column (dog-breed-identification) --------------------------------------------

    private Path dogs() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String[] breeds = {"pug", "husky", "beagle"};
        StringBuilder labels = new StringBuilder("id,breed\n");
        for (int i = 0; i < 12; i++) {
            labels.append("d").append(i).append(',').append(breeds[i % 3]).append('\n');
            entries.put("train/d" + i + ".jpg", utf8("jpg " + i));
        }
        entries.put("labels.csv", utf8(labels.toString()));
        return Fixtures.rawFromZip(tmp, "dogs", entries);
    }

    private static Map<String, Object> dogRecipe() {
        return map("pattern", "image_folder_split", "test_fraction", 0.25, "seed", 0, "train_file", "labels.csv",
                "one_hot_column", "breed", "media", List.of(map("from", "train/{id}.jpg", "test", "test/{id}.jpg")));
    }

    @Test
    void oneHotAnswersAreTheSortedDistinctLabelsWhateverTheTargetColumnsSay() throws IOException {
        Path raw = dogs();
        // today's catalogue describes the columns in words; the answers do not depend on it
        TaskDefinition described = task("log_loss_multiclass", false, "id",
                List.of("3 breed columns (all GT columns after id)"), dogRecipe(), List.of(), List.of());
        Path out = tmp.resolve("described");
        PreparationReport report = preparer.prepare(raw, described, null, out, null);

        assertThat(header(out.resolve("private/answers.csv"))).isEqualTo("id,beagle,husky,pug");
        assertThat(header(out.resolve("public/sample_submission.csv"))).isEqualTo("id,beagle,husky,pug");
        assertThat(header(out.resolve("public/test.csv"))).isEqualTo("id");
        assertThat(header(out.resolve("public/train.csv"))).isEqualTo("id,breed");
        assertThat(dataLines(out.resolve("public/sample_submission.csv")))
                .allMatch(l -> l.endsWith(",0.333333333333,0.333333333333,0.333333333333")).hasSize(3);
        List<String> answers = dataLines(out.resolve("private/answers.csv"));
        assertThat(answers).hasSize(3);
        for (String line : answers) {
            int i = Integer.parseInt(line.substring(1, line.indexOf(',')));
            String expected = switch (i % 3) {
                case 0 -> ",0,0,1"; // pug
                case 1 -> ",0,1,0"; // husky
                default -> ",1,0,0"; // beagle
            };
            assertThat(line).isEqualTo("d" + i + expected);
        }
        assertThat(names(out.resolve("public/test"))).hasSize(3);
        assertThat(names(out.resolve("public/train"))).hasSize(9);
        assertThat(report.rows("public/train.csv")).isEqualTo(9);

        // with the classes as target columns the review (perfect answers, valid sample) passes
        TaskDefinition named = task("log_loss_multiclass", false, "id", List.of("beagle", "husky", "pug"), dogRecipe(),
                List.of(), List.of());
        Path named1 = tmp.resolve("named");
        preparer.prepare(raw, named, null, named1, null);
        assertThat(contents(named1)).containsExactlyEntriesOf(contents(out));
        PreparerTest.assertReviewPasses(named, new LogLossMulticlass(), named1);
    }

    @Test
    void oneHotAnswersForATableSplitAndAnUnnamedIdColumn() throws IOException {
        // spooky-author-identification: one answer column per author; GiveMeSomeCredit: an unnamed first column
        StringBuilder train = new StringBuilder(",text,author\n");
        String[] authors = {"MWS", "EAP", "HPL"};
        for (int i = 0; i < 20; i++) {
            train.append("id").append(i).append(",words ").append(i).append(',').append(authors[i % 3]).append('\n');
        }
        Path raw = Fixtures.rawFromZip(tmp, "spooky", Map.of("train.csv", utf8(train.toString())));
        TaskDefinition task = task("log_loss_multiclass", false, "id", List.of("EAP", "HPL", "MWS"), map("pattern",
                "split_train_csv", "test_fraction", 0.1, "seed", 0, "rename_columns", map("", "id"), "one_hot_column",
                "author"), List.of(), List.of());
        Path out = tmp.resolve("v");
        preparer.prepare(raw, task, null, out, null);
        assertThat(header(out.resolve("public/train.csv"))).isEqualTo("id,text,author");
        assertThat(header(out.resolve("public/test.csv"))).isEqualTo("id,text");
        assertThat(header(out.resolve("private/answers.csv"))).isEqualTo("id,EAP,HPL,MWS");
        for (String line : dataLines(out.resolve("private/answers.csv"))) {
            int i = Integer.parseInt(line.substring(2, line.indexOf(',')));
            assertThat(line).isEqualTo("id" + i + switch (i % 3) {
                case 0 -> ",0,0,1";
                case 1 -> ",1,0,0";
                default -> ",0,1,0";
            });
        }
        assertThat(dataLines(out.resolve("public/sample_submission.csv")))
                .allMatch(l -> l.endsWith(",0.333333333333,0.333333333333,0.333333333333")).hasSize(2);
        PreparerTest.assertReviewPasses(task, new LogLossMulticlass(), out);
    }

    // ---- labels from class folders, one-hot, stratified, test side flattened (fisheries) ----------------------------

    @Test
    void classFoldersGiveTheLabelsAndTheTestSideIsFlattened() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int n = 0;
        for (String cls : List.of("ALB", "BET", "YFT")) {
            int count = cls.equals("ALB") ? 10 : 5;
            for (int i = 0; i < count; i++) {
                entries.put("train/" + cls + "/img_" + (n++) + ".jpg", utf8(cls));
            }
        }
        entries.put("train/.DS_Store_like", utf8("x"));
        Path raw = Fixtures.rawFromZip(tmp, "fish", entries);
        TaskDefinition task = task("log_loss_multiclass", false, "image", List.of("ALB", "BET", "YFT"),
                map("pattern", "image_folder_split", "test_fraction", 0.2, "seed", 3, "label_folders", "train",
                        "label_column", "class", "one_hot_column", "class", "stratify_column", "class", "media",
                        List.of(map("from", "train/{class}/{image}", "test", "test/{image}"))),
                List.of(), List.of());
        Path out = tmp.resolve("v");
        PreparationReport report = preparer.prepare(raw, task, null, out, null);

        assertThat(header(out.resolve("public/train.csv"))).isEqualTo("image,class");
        assertThat(header(out.resolve("private/answers.csv"))).isEqualTo("image,ALB,BET,YFT");
        assertThat(report.rows("private/answers.csv")).isEqualTo(4);
        // stratified: 2 of 10 ALB, 1 of 5 BET, 1 of 5 YFT
        List<String> answers = dataLines(out.resolve("private/answers.csv"));
        assertThat(answers.stream().filter(l -> l.endsWith(",1,0,0"))).hasSize(2);
        assertThat(answers.stream().filter(l -> l.endsWith(",0,1,0"))).hasSize(1);
        assertThat(answers.stream().filter(l -> l.endsWith(",0,0,1"))).hasSize(1);
        // the test images lie flat (no class folder), the train images keep theirs
        try (Stream<Path> s = Files.list(out.resolve("public/test"))) {
            assertThat(s.allMatch(Files::isRegularFile)).isTrue();
        }
        Set<String> testFiles = new HashSet<>(names(out.resolve("public/test")));
        assertThat(testFiles).containsExactlyInAnyOrderElementsOf(column(out.resolve("private/answers.csv"), 0));
        assertThat(names(out.resolve("public/train"))).containsExactly("ALB", "BET", "YFT");
        assertThat(names(out.resolve("public/train/ALB"))).hasSize(8);
        assertThat(out.resolve(".labels.csv")).doesNotExist();
        assertThat(report.files()).extracting(PreparationReport.FileEntry::path).noneMatch(p -> p.contains("labels.csv"));
        PreparerTest.assertReviewPasses(task, new LogLossMulticlass(), out);
    }

    // ---- nested templates, folders, train-only files, optional files, train-only table rows ------------------------

    @Test
    void templatesFoldersCompanionFilesAndTrainOnlyTables() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        StringBuilder labels = new StringBuilder("id,target\n");
        StringBuilder annotations = new StringBuilder("id,box\n");
        for (int i = 0; i < 10; i++) {
            String id = (char) ('a' + i % 3) + "x" + i;
            labels.append(id).append(',').append(i % 2).append('\n');
            annotations.append(id).append(",box").append(i).append('\n').append(id).append(",second").append(i).append('\n');
            entries.put("train/" + id.charAt(0) + "/" + id + ".npy", utf8("npy " + id));
            entries.put("cases/" + id + "/FLAIR/1.dcm", utf8("dcm1 " + id));
            entries.put("cases/" + id + "/T1w/2.dcm", utf8("dcm2 " + id));
            entries.put("masks/" + id + ".png", utf8("mask " + id));
            if (i % 2 == 0) {
                entries.put("extra/" + id + ".txt", utf8("extra " + id));
            }
        }
        entries.put("train_labels.csv", utf8(labels.toString()));
        entries.put("annotations.csv", utf8(annotations.toString()));
        Path raw = Fixtures.rawFromZip(tmp, "nested", entries);
        TaskDefinition task = task("roc_auc", true, "id", List.of("target"), map("pattern", "image_folder_split",
                "test_fraction", 0.3, "seed", 1, "stratify_column", "target", "train_file", "train_labels.csv", "train_rows_only",
                List.of("annotations.csv"), "media", List.of(
                        map("from", "train/{id[0]}/{id}.npy", "test", "test/{id[0]}/{id}.npy"),
                        map("from", "cases/{id}", "train", "train_cases/{id}", "test", "test_cases/{id}"),
                        map("from", "masks/{id}.png", "train_only", true),
                        map("from", "extra/{id}.txt", "test", "test_extra/{id}.txt", "optional", true))),
                List.of(), List.of());
        Path out = tmp.resolve("v");
        PreparationReport report = preparer.prepare(raw, task, null, out, null);

        List<String> trainIds = column(out.resolve("public/train.csv"), 0);
        List<String> testIds = column(out.resolve("private/answers.csv"), 0);
        assertThat(testIds).hasSize(3);
        Map<String, byte[]> files = contents(out.resolve("public"));
        Set<String> expected = new TreeSet<>(List.of("description.md", "sample_submission.csv", "test.csv", "train.csv",
                "annotations.csv"));
        for (String id : trainIds) {
            expected.addAll(List.of("train/" + id.charAt(0) + "/" + id + ".npy", "train_cases/" + id + "/FLAIR/1.dcm",
                    "train_cases/" + id + "/T1w/2.dcm", "masks/" + id + ".png"));
            if (Integer.parseInt(id.substring(2)) % 2 == 0) {
                expected.add("extra/" + id + ".txt");
            }
        }
        int missingExtras = 0;
        for (String id : testIds) {
            expected.addAll(List.of("test/" + id.charAt(0) + "/" + id + ".npy", "test_cases/" + id + "/FLAIR/1.dcm",
                    "test_cases/" + id + "/T1w/2.dcm"));
            if (Integer.parseInt(id.substring(2)) % 2 == 0) {
                expected.add("test_extra/" + id + ".txt");
            } else {
                missingExtras++;
            }
        }
        int missingTrainExtras = (int) trainIds.stream().filter(id -> Integer.parseInt(id.substring(2)) % 2 == 1).count();
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(new String(files.get("test_cases/" + testIds.get(0) + "/T1w/2.dcm"))).isEqualTo("dcm2 " + testIds.get(0));
        assertThat(missingExtras + missingTrainExtras).isEqualTo(5);
        assertThat(report.warnings()).containsExactly("5 rows have no file for the optional media 'extra/{id}.txt'; they were published without it");
        // the annotation table keeps only the rows of train ids (both rows of each)
        List<String> annotationIds = column(out.resolve("public/annotations.csv"), 0);
        assertThat(annotationIds).hasSize(14).allMatch(trainIds::contains);
        assertThat(new HashSet<>(annotationIds)).isEqualTo(new HashSet<>(trainIds));
        PreparerTest.assertReviewPasses(task, new RocAuc(), out);
    }

    // ---- TSV input and renamed columns (stumbleupon, hubmap-kidney-segmentation) -----------------------------------

    @Test
    void tabSeparatedTableWithARenamedTarget() throws IOException {
        StringBuilder tsv = new StringBuilder("\"urlid\"\t\"boilerplate\"\t\"encoding\"\n");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            tsv.append('"').append(i).append("\"\t\"{\"\"title\"\":\"\"a\tb ").append(i).append("\"\"}\"\t\"").append(i)
                    .append(" 5\"\n");
            entries.put("raw_content/" + i, utf8("<html>" + i));
        }
        entries.put("train.tsv", utf8(tsv.toString()));
        Path raw = Fixtures.rawFromZip(tmp, "tsv", entries);
        TaskDefinition task = task("accuracy", true, "urlid", List.of("predicted"), map("pattern", "image_folder_split",
                "test_fraction", 0.2, "seed", 42, "train_file", "train.tsv", "rename_columns", map("encoding", "predicted"),
                "media", List.of(map("from", "raw_content/{urlid}", "train", "train_raw_content/{urlid}", "test",
                        "test_raw_content/{urlid}"))),
                List.of(), List.of());
        Path out = tmp.resolve("v");
        preparer.prepare(raw, task, null, out, null);

        assertThat(header(out.resolve("public/train.csv"))).isEqualTo("urlid,boilerplate,predicted");
        assertThat(header(out.resolve("public/test.csv"))).isEqualTo("urlid,boilerplate");
        assertThat(header(out.resolve("private/answers.csv"))).isEqualTo("urlid,predicted");
        String id = column(out.resolve("private/answers.csv"), 0).get(0);
        assertThat(dataLines(out.resolve("private/answers.csv")).get(0)).isEqualTo(id + "," + id + " 5");
        assertThat(Files.readString(out.resolve("public/test.csv")))
                .contains(id + ",\"{\"\"title\"\":\"\"a\tb " + id + "\"\"}\"");
        assertThat(names(out.resolve("public/test_raw_content"))).containsExactlyInAnyOrderElementsOf(
                column(out.resolve("private/answers.csv"), 0));
        assertThat(names(out.resolve("public/train_raw_content"))).hasSize(8);
    }

    // ---- duplicate ids -----------------------------------------------------------------------------------------------

    @Test
    void repeatedIdsAreRefusedOrDroppedOnRequest() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        StringBuilder train = new StringBuilder("image,chain,hotel_id\n");
        for (int i = 0; i < 10; i++) {
            train.append("h").append(i).append(".jpg,").append(i % 2).append(',').append(100 + i).append('\n');
            entries.put("train_images/" + (i % 2) + "/h" + i + ".jpg", utf8("hotel " + i));
        }
        train.append("h3.jpg,1,999\n"); // the same image twice, as in hotel-id-2021-fgvc8
        entries.put("train.csv", utf8(train.toString()));
        Path raw = Fixtures.rawFromZip(tmp, "hotels", entries);
        Map<String, Object> recipe = map("pattern", "image_folder_split", "test_fraction", 0.2, "seed", 0,
                "drop_columns", List.of("chain"), "media",
                List.of(map("from", "train_images/{chain}/{image}", "test", "test_images/{image}")));
        assertFailsCleanly(raw, task("accuracy", true, "image", List.of("hotel_id"), recipe, List.of(), List.of()),
                "'train.csv' repeats ids of column 'image' (e.g. h3.jpg); the rows of one id would share files on both "
                        + "sides. Fix the data or set prepare.drop_duplicate_ids: true to leave those rows out");

        recipe.put("drop_duplicate_ids", true);
        Path out = tmp.resolve("v");
        PreparationReport report = preparer.prepare(raw, task("accuracy", true, "image", List.of("hotel_id"), recipe,
                List.of(), List.of()), null, out, null);
        assertThat(report.warnings()).containsExactly(
                "2 rows with a repeated id were left out (drop_duplicate_ids), e.g. h3.jpg",
                "the test set holds 0.2222 of the rows, requested 0.2");
        List<String> all = new ArrayList<>(column(out.resolve("public/train.csv"), 0));
        all.addAll(column(out.resolve("private/answers.csv"), 0));
        assertThat(all).hasSize(9).doesNotContain("h3.jpg");
        assertThat(report.rows("private/answers.csv")).isEqualTo(2);
        assertThat(header(out.resolve("public/test.csv"))).isEqualTo("image");
    }

    // ---- errors --------------------------------------------------------------------------------------------------------

    @Test
    void missingMediaAndUnsafeTemplatesAreClearErrors() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        StringBuilder train = new StringBuilder("id,label\n");
        for (int i = 0; i < 10; i++) {
            train.append("p").append(i).append(',').append(i % 2).append('\n');
            if (i != 3) {
                entries.put("train/p" + i + ".jpg", utf8("jpg"));
            }
        }
        entries.put("train.csv", utf8(train.toString()));
        Path raw = Fixtures.rawFromZip(tmp, "broken", entries);

        assertFailsCleanly(raw, recipe(List.of(map("from", "train/{id}.jpg", "test", "test/{id}.jpg"))),
                "the raw data has no file 'train/p3.jpg' for the row with id 'p3' (prepare.media from 'train/{id}.jpg'; "
                        + "mark the entry optional: true if some rows have none)");
        assertFailsCleanly(raw, recipe(List.of(map("from", "train/{id}.jpg", "test", "test/{label}/{id}.jpg",
                "optional", true))),
                "prepare.media test 'test/{label}/{id}.jpg' names the column 'label', which is hidden from the test set: "
                        + "the file path would reveal it");
        assertFailsCleanly(raw, recipe(List.of(map("from", "train/{name}.jpg", "test", "test/{id}.jpg"))),
                "prepare.media from 'train/{name}.jpg' names the column 'name', which the labelled table does not have "
                        + "(columns: id, label)");
        assertFailsCleanly(raw, recipe(List.of(map("from", "train/{id}.jpg", "test", "test/{id[0]}.jpg",
                "optional", true))), "two rows publish the same file 'public/test/p.jpg'");
        assertFailsCleanly(raw, recipe(List.of(map("from", "../{id}.jpg", "test", "test/{id}.jpg"))),
                "prepare.media.from '../{id}.jpg' must not contain '..'");
        assertFailsCleanly(raw, recipe(List.of(map("from", "train/x.jpg", "test", "test/{id}.jpg"))),
                "prepare.media.from 'train/x.jpg' has no {column} placeholder: every row would name the same file");
        assertFailsCleanly(raw, recipe(List.of(map("from", "train/{id}.jpg"))),
                "prepare.media entry 'train/{id}.jpg': give either test: <path template> or train_only: true");

        Path slashes = Fixtures.rawFromZip(tmp, "slashes", Map.of("train.csv", utf8("id,label\na/b,1\nc,0\nd,1\n")));
        assertFailsCleanly(slashes, recipe(List.of(map("from", "{id}.jpg", "test", "test/{id}.jpg"))),
                "the value 'a/b' of column 'id' cannot be part of a file path (prepare.media from '{id}.jpg')");
    }

    private static TaskDefinition recipe(List<Map<String, Object>> media) {
        return task("accuracy", true, "id", List.of("label"), map("pattern", "image_folder_split", "test_fraction", 0.2,
                "seed", 0, "media", media), List.of(), List.of());
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
}
