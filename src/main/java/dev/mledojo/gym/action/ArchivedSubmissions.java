package dev.mledojo.gym.action;

import java.io.IOException;
import java.nio.file.Files;
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
     * Copies a checked regular file (see {@link UntrustedFiles#inspect}) to {@code submission_<number>.csv} with a copy
     * that stops at {@code maxBytes}, then trims the archive to {@code budget} bytes, oldest first.
     *
     * @throws UntrustedFiles.GrewTooLarge when the file holds more than {@code maxBytes} by the time it is read
     */
    static Path store(Path dir, Path written, int number, long maxBytes, long budget) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve("submission_" + number + ".csv");
        UntrustedFiles.copyAtMost(written, target, maxBytes);
        List<Path> archives;
        try (Stream<Path> files = Files.list(dir)) {
            archives = files.filter(p -> ARCHIVE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(ArchivedSubmissions::number)).toList();
        }
        long total = 0;
        for (Path p : archives) {
            total += Files.size(p);
        }
        for (int i = 0; i < archives.size() - 1 && total > budget; i++) {
            long size = Files.size(archives.get(i));
            Files.deleteIfExists(archives.get(i));
            total -= size;
        }
        return target;
    }

    private static int number(Path p) {
        Matcher m = ARCHIVE.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }
}
