package dev.mledojo.gym.action;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.mledojo.files.UntrustedFiles;

/**
 * An episode's archive of graded submissions ({@code submission_<k>.csv}, next to the workspace, never mounted into
 * the sandbox), bounded in total: storing a new one deletes the oldest while all together hold more than the budget.
 * The newest is always kept; the database keeps every submission's code and grade, so nothing graded is lost.
 */
final class ArchivedSubmissions {

    private static final Pattern ARCHIVE = Pattern.compile("submission_(\\d{1,9})\\.csv");

    private ArchivedSubmissions() {
    }

    /**
     * The file of the archive's running total, next to the archive (which holds only archives): the number of the last
     * submission stored and the bytes of all archives.
     */
    static Path totalFile(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".total");
    }

    /**
     * Copies a checked regular file (see {@link UntrustedFiles#inspect}) to {@code submission_<number>.csv} with a copy
     * that stops at {@code maxBytes}, then trims the archive to {@code budget} bytes, oldest first, and records the
     * archive's new total ({@link #totalFile}).
     *
     * @throws UntrustedFiles.GrewTooLarge when the file holds more than {@code maxBytes} by the time it is read
     */
    static Path store(Path dir, Path written, int number, long maxBytes, long budget) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve("submission_" + number + ".csv");
        long replaced = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) ? Files.size(target) : 0;
        long copied = UntrustedFiles.copyAtMost(written, target, maxBytes);
        long[] known = readTotal(dir);
        long total = known != null && known[0] == number - 1 ? known[1] - replaced + copied : listTotal(dir);
        if (total > budget) {
            total = trim(dir, budget);
        }
        writeTotal(dir, number, total);
        return target;
    }

    /**
     * The archive's total as recorded after the previous submission ({@link #totalFile}: its number and the bytes), so
     * that a step does not stat every archived file; null when missing or unreadable (then the files are listed).
     */
    private static long[] readTotal(Path dir) {
        try {
            String[] f = Files.readString(totalFile(dir)).strip().split(" ");
            return f.length == 2 ? new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])} : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeTotal(Path dir, int number, long total) throws IOException {
        Files.writeString(totalFile(dir), number + " " + total + "\n");
    }

    private static List<Path> archives(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> ARCHIVE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(ArchivedSubmissions::number)).toList();
        }
    }

    private static long listTotal(Path dir) throws IOException {
        long total = 0;
        for (Path p : archives(dir)) {
            total += Files.size(p);
        }
        return total;
    }

    /** Deletes the oldest archives while the total is over the budget (the newest stays); the new total. */
    private static long trim(Path dir, long budget) throws IOException {
        List<Path> archives = archives(dir);
        long total = 0;
        for (Path p : archives) {
            total += Files.size(p);
        }
        for (int i = 0; i < archives.size() - 1 && total > budget; i++) {
            long size = Files.size(archives.get(i));
            Files.deleteIfExists(archives.get(i));
            total -= size;
        }
        return total;
    }

    private static int number(Path p) {
        Matcher m = ARCHIVE.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }
}
