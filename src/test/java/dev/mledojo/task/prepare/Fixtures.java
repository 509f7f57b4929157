package dev.mledojo.task.prepare;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.mledojo.grading.Grader;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.task.TaskDefinition;

/** Builders for small raw archives and task definitions used by the preparation tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static final Grader GRADER = new Grader(100L << 20, 1_000_000);

    /** A task definition for tests; {@code prepare} is the task.yaml prepare map. */
    public static TaskDefinition task(String metricId, boolean higherIsBetter, String idColumn, List<String> targets,
            Map<String, Object> prepare, List<Double> publicBoard, List<Double> privateBoard) {
        return new TaskDefinition("unit-prep", "Unit preparation", TaskDefinition.Domain.TABULAR, List.of("train"),
                "A task for preparation tests.", metricId, MetricParams.EMPTY, higherIsBetter, idColumn, targets,
                "submission.csv", TaskDefinition.Resources.DEFAULT, 0.5,
                new TaskDefinition.DataSpec("kaggle", Map.of("competition", "unit-prep")), prepare,
                new TaskDefinition.BoardInfo("human", publicBoard.size()), "", "# Unit preparation\n\nPredict the target.\n",
                publicBoard, privateBoard, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    }

    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Zips {@code entries} (path -> content) with java.util.zip. */
    public static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    public static byte[] zipBytes(Map<String, byte[]> entries) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Zips the CSV texts and extracts them the way an upload would be, returning the raw directory. */
    public static Path rawFromZip(Path tmp, String name, Map<String, byte[]> entries) throws IOException {
        Path archive = zip(tmp.resolve(name + ".zip"), entries);
        return new ArchiveExtractor(ArchiveLimits.defaults()).extract(archive, tmp.resolve(name + "-raw"), true).directory();
    }

    /** Every regular file under {@code dir} as relative path -> bytes, sorted. */
    public static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** Lines of a CSV file without the header. */
    public static List<String> dataLines(Path csv) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
        lines.remove(0);
        return lines;
    }

    public static List<String> column(Path csv, int index) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : dataLines(csv)) {
            out.add(line.split(",", -1)[index]);
        }
        return out;
    }

    public static String header(Path csv) throws IOException {
        return Files.readAllLines(csv, StandardCharsets.UTF_8).get(0);
    }

    /** Names in a directory (no recursion), sorted. */
    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
