package dev.mledojo.gym.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.files.UntrustedFiles;

/** The archive of an episode's submissions is bounded, and files are checked with lstat before any copy. */
class ArchivedSubmissionsTest {

    @TempDir
    Path tmp;

    private Path file(String name, int bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, new byte[bytes]);
        return p;
    }

    private String[] archived(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void the_oldest_archives_go_when_the_total_is_over_the_budget_and_the_newest_stays() throws IOException {
        Path dir = tmp.resolve("submissions");
        for (int k = 1; k <= 4; k++) {
            ArchivedSubmissions.store(dir, file("w" + k, 400), k, 1000, 1000);
        }
        assertThat(archived(dir)).containsExactly("submission_3.csv", "submission_4.csv");
        ArchivedSubmissions.store(dir, file("big", 1000), 5, 1000, 1000); // alone at the budget
        assertThat(archived(dir)).containsExactly("submission_5.csv");
        // sorted by number, not by name: submission_10 is newer than submission_9
        ArchivedSubmissions.store(dir, file("w9", 10), 9, 1000, 1000);
        ArchivedSubmissions.store(dir, file("w10", 10), 10, 1000, 1000);
        assertThat(archived(dir)).containsExactly("submission_10.csv", "submission_9.csv");
    }

    @Test
    void the_running_total_spares_a_listing_and_a_wrong_or_stale_one_is_recounted() throws IOException {
        Path dir = tmp.resolve("submissions");
        for (int k = 1; k <= 3; k++) {
            ArchivedSubmissions.store(dir, file("w" + k, 100), k, 1000, 1000);
        }
        assertThat(Files.readString(ArchivedSubmissions.totalFile(dir))).isEqualTo("3 300\n");
        // the same number again (a step retried after a crash) replaces its file in the total
        ArchivedSubmissions.store(dir, file("w3b", 50), 3, 1000, 1000);
        assertThat(Files.readString(ArchivedSubmissions.totalFile(dir))).isEqualTo("3 250\n");
        // an overstated total only makes the trim look at the real files: nothing under the budget goes
        Files.writeString(ArchivedSubmissions.totalFile(dir), "3 999999\n");
        ArchivedSubmissions.store(dir, file("w4", 100), 4, 1000, 1000);
        assertThat(archived(dir)).containsExactly("submission_1.csv", "submission_2.csv", "submission_3.csv",
                "submission_4.csv");
        assertThat(Files.readString(ArchivedSubmissions.totalFile(dir))).isEqualTo("4 350\n");
        // a total of another submission (or none, or garbage) is recounted from the files
        Files.writeString(ArchivedSubmissions.totalFile(dir), "1 0\n");
        ArchivedSubmissions.store(dir, file("w5", 700), 5, 1000, 1000);
        assertThat(archived(dir)).containsExactly("submission_2.csv", "submission_3.csv", "submission_4.csv",
                "submission_5.csv");
        assertThat(Files.readString(ArchivedSubmissions.totalFile(dir))).isEqualTo("5 950\n");
        Files.writeString(ArchivedSubmissions.totalFile(dir), "garbage");
        ArchivedSubmissions.store(dir, file("w6", 100), 6, 1000, 1000);
        assertThat(archived(dir)).containsExactly("submission_3.csv", "submission_4.csv", "submission_5.csv",
                "submission_6.csv");
        assertThat(Files.readString(ArchivedSubmissions.totalFile(dir))).isEqualTo("6 950\n");
    }

    @Test
    void inspect_never_follows_links_and_reads_the_apparent_size() throws IOException {
        Path sparse = tmp.resolve("sparse.csv");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(520L << 20);
        }
        assertThat(UntrustedFiles.inspect(sparse, 512L << 20)).isEqualTo(new UntrustedFiles.TooLarge(520L << 20, 512L << 20));
        assertThat(UntrustedFiles.inspect(file("ok.csv", 10), 512L << 20)).isEqualTo(new UntrustedFiles.Regular(10));
        Path link = Files.createSymbolicLink(tmp.resolve("link.csv"), tmp.resolve("ok.csv"));
        assertThat(UntrustedFiles.inspect(link, 512L << 20)).isEqualTo(new UntrustedFiles.NotAFile("a symbolic link"));
        assertThat(UntrustedFiles.inspect(Files.createDirectory(tmp.resolve("d.csv")), 10))
                .isEqualTo(new UntrustedFiles.NotAFile("a directory"));
        assertThat(UntrustedFiles.inspect(tmp.resolve("none.csv"), 10)).isEqualTo(new UntrustedFiles.Missing());
    }

    @Test
    void a_bounded_copy_stops_at_the_limit_and_leaves_nothing() throws IOException {
        Path target = tmp.resolve("out.csv");
        assertThatThrownBy(() -> UntrustedFiles.copyAtMost(file("grown.csv", 5000), target, 4096))
                .isInstanceOf(UntrustedFiles.GrewTooLarge.class);
        assertThat(archived(tmp)).containsExactly("grown.csv");
        assertThat(UntrustedFiles.copyAtMost(file("fits.csv", 4096), target, 4096)).isEqualTo(4096);
        assertThat(Files.size(target)).isEqualTo(4096);
        Path link = Files.createSymbolicLink(tmp.resolve("l.csv"), tmp.resolve("fits.csv"));
        assertThatThrownBy(() -> UntrustedFiles.copyAtMost(link, tmp.resolve("o2.csv"), 4096)).isInstanceOf(IOException.class);
        assertThat(tmp.resolve("o2.csv")).doesNotExist();
    }
}
