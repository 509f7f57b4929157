package dev.mledojo.task.prepare;

import static dev.mledojo.task.prepare.Fixtures.map;
import static dev.mledojo.task.prepare.Fixtures.task;
import static dev.mledojo.task.prepare.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Table;
import dev.mledojo.metric.classification.RocAuc;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.prepare.ArchiveRejectedException.Reason;

/**
 * Raw tables published as JSON records (random-acts-of-pizza's and dont-call-me-turkey's {@code train.json}, statoil's
 * {@code train.json.7z}): read as rows, split like a CSV, and the 7z archive expanded by the extraction.
 */
class JsonRecordsTest {

    @TempDir
    Path tmp;

    private static final String PIZZA = """
            [
              {"request_id": "t3_a", "requester_received_pizza": false, "text": "Hi, \\"hungry\\"\\nplease", "votes": 1.50},
              {"request_id": "t3_b", "votes": 12, "requester_received_pizza": true, "tags": [1, 2.50, "x"], "meta": {"k": null}},
              {"request_id": "t3_c", "requester_received_pizza": null, "text": "", "votes": -3e2}
            ]
            """;

    private List<String[]> rows(CsvStream in) {
        List<String[]> out = new ArrayList<>();
        in.forEach(out::add);
        return out;
    }

    @Test
    void aListOfRecordsIsReadAsRowsWithTheKeysAsColumns() throws IOException {
        Path f = Files.writeString(tmp.resolve("train.json"), PIZZA);
        try (CsvStream in = CsvStream.open(f, "train.json", Map.of("votes", "upvotes"))) {
            assertThat(in.header()).containsExactly("request_id", "requester_received_pizza", "text", "upvotes", "tags", "meta");
            List<String[]> rows = rows(in);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).containsExactly("t3_a", "False", "Hi, \"hungry\"\nplease", "1.50", "", "");
            assertThat(rows.get(1)).containsExactly("t3_b", "True", "", "12", "[1,2.50,\"x\"]", "{\"k\":null}");
            assertThat(rows.get(2)).containsExactly("t3_c", "", "", "-3e2", "", "");
        }
    }

    @Test
    void jsonLinesAndGzippedFilesAreReadToo() throws IOException {
        String lines = "{\"id\": 1, \"y\": 0}\n{\"id\": 2, \"y\": 1, \"z\": \"late\"}\n";
        Path plain = Files.writeString(tmp.resolve("train.jsonl"), lines);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(utf8(lines));
        }
        Path zipped = Files.write(tmp.resolve("train.json.gz"), gz.toByteArray());
        for (Path f : List.of(plain, zipped)) {
            try (CsvStream in = CsvStream.open(f, f.getFileName().toString())) {
                assertThat(in.header()).containsExactly("id", "y", "z");
                List<String[]> rows = rows(in);
                assertThat(rows.get(0)).containsExactly("1", "0", "");
                assertThat(rows.get(1)).containsExactly("2", "1", "late");
            }
        }
    }

    @Test
    void malformedJsonIsAPreparationErrorNamingTheFile() throws IOException {
        Path notRecords = Files.writeString(tmp.resolve("a.json"), "[1, 2]");
        assertThatThrownBy(() -> CsvStream.open(notRecords, "a.json").close()).isInstanceOf(PreparationException.class)
                .hasMessage("'a.json' near line 1: every record must be a JSON object, found VALUE_NUMBER_INT");
        Path scalar = Files.writeString(tmp.resolve("b.json"), "\"text\"");
        assertThatThrownBy(() -> CsvStream.open(scalar, "b.json").close()).isInstanceOf(PreparationException.class)
                .hasMessage("'b.json' is not JSON records (it starts with VALUE_STRING): a list of objects or one object per "
                        + "line is expected");
        Path truncated = Files.writeString(tmp.resolve("c.json"), "[{\"id\": 1}, {\"id\": 2}");
        assertThatThrownBy(() -> CsvStream.open(truncated, "c.json").close()).isInstanceOf(PreparationException.class)
                .hasMessage("'c.json' ends in the middle of a record or before its list of records is closed (truncated?)");
        Path broken = Files.writeString(tmp.resolve("d.json"), "[{\"id\": 1,}]");
        assertThatThrownBy(() -> CsvStream.open(broken, "d.json").close()).isInstanceOf(PreparationException.class)
                .hasMessageStartingWith("'d.json' is not valid JSON at line 1: Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
        Path parquet = Files.write(tmp.resolve("train.parquet"), new byte[] {'P', 'A', 'R', '1'});
        assertThatThrownBy(() -> CsvStream.open(parquet, "train.parquet").close()).isInstanceOf(PreparationException.class)
                .hasMessage("'train.parquet' is a Parquet table; the declarative preparer reads CSV, TSV and JSON records only "
                        + "(the platform has no Parquet reader): prepare this task with pattern custom");
        Path empty = Files.writeString(tmp.resolve("e.json"), "[]");
        assertThatThrownBy(() -> CsvStream.open(empty, "e.json").close()).isInstanceOf(PreparationException.class)
                .hasMessage("'e.json' holds no JSON record with fields: a list of objects is expected");
    }

    /** The statoil layout: a Kaggle zip holding train.json.7z, a JSON list of records with nested band arrays. */
    @Test
    void aSplitTaskPreparesFromJsonRecordsInsideA7zArchive() throws IOException {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\": \"r").append(i).append("\", \"band_1\": [").append(i)
                    .append(".5, -1.25], \"inc_angle\": ").append(i % 3 == 0 ? "\"na\"" : "38.1").append(", \"is_iceberg\": ")
                    .append(i % 2).append('}');
        }
        json.append("]");
        Path sevenZ = tmp.resolve("train.json.7z");
        try (SevenZOutputFile out = new SevenZOutputFile(sevenZ.toFile())) {
            SevenZArchiveEntry e = out.createArchiveEntry(tmp.toFile(), "train.json");
            e.setDirectory(false);
            out.putArchiveEntry(e);
            out.write(json.toString().getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train.json.7z", Files.readAllBytes(sevenZ));
        entries.put("sample_submission.csv", utf8("id,is_iceberg\nx,0.5\n"));
        ArchiveExtractor.Extraction extraction = new ArchiveExtractor(ArchiveLimits.defaults())
                .extract(Fixtures.zip(tmp.resolve("statoil.zip"), entries), tmp.resolve("raw"), true);
        assertThat(extraction.files()).extracting(ArchiveExtractor.ExtractedFile::path)
                .containsExactly("sample_submission.csv", "train.json");
        assertThat(extraction.notes()).anyMatch(n -> n.startsWith("expanded inner archive 'train.json.7z'"));
        assertThat(Files.readString(tmp.resolve("raw/train.json"))).isEqualTo(json.toString());

        TaskDefinition task = task("roc_auc", true, "id", List.of("is_iceberg"),
                map("pattern", "split_train_csv", "test_fraction", 0.25, "seed", 0, "train_file", "train.json"),
                List.of(0.99, 0.9), List.of(0.99, 0.9));
        Path out = tmp.resolve("v");
        new Preparer().prepare(extraction.directory(), task, null, out, null);
        Table train = CsvTables.read(out.resolve("public/train.csv"));
        Table test = CsvTables.read(out.resolve("public/test.csv"));
        Table answers = CsvTables.read(out.resolve("private/answers.csv"));
        assertThat(train.columns()).containsExactly("id", "band_1", "inc_angle", "is_iceberg");
        assertThat(test.columns()).containsExactly("id", "band_1", "inc_angle");
        assertThat(answers.columns()).containsExactly("id", "is_iceberg");
        assertThat(train.rowCount()).isEqualTo(15);
        assertThat(test.rowCount()).isEqualTo(5);
        int r = List.of(train.strings("id")).indexOf("r3");
        int t = List.of(test.strings("id")).indexOf("r3");
        String[] bands = r >= 0 ? train.strings("band_1") : test.strings("band_1");
        assertThat(bands[r >= 0 ? r : t]).isEqualTo("[3.5,-1.25]");
        PreparerTest.assertReviewPasses(task, new RocAuc(), out);
    }

    @Test
    void a7zArchiveThatIsNotOneStaysAsItIsAndADamagedOneIsRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train.json.7z", utf8("not a 7z archive"));
        ArchiveExtractor.Extraction e = new ArchiveExtractor(ArchiveLimits.defaults())
                .extract(Fixtures.zip(tmp.resolve("a.zip"), entries), tmp.resolve("a"), true);
        assertThat(e.notes()).contains("left 'train.json.7z' as it is: its bytes are not the archive its name promises");

        byte[] truncated = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0, 4, 1, 2, 3};
        entries.put("train.json.7z", truncated);
        ArchiveRejectedException refused = org.assertj.core.api.Assertions.catchThrowableOfType(ArchiveRejectedException.class,
                () -> new ArchiveExtractor(ArchiveLimits.defaults()).extract(Fixtures.zip(tmp.resolve("b.zip"), entries),
                        tmp.resolve("b"), true));
        assertThat(refused.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(refused.getMessage()).startsWith("Inner archive 'train.json.7z': The 7z archive is damaged or truncated (train.json.7z): ");
        assertThat(Files.exists(tmp.resolve("b"))).isFalse();
    }
}
