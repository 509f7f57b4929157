package dev.mledojo.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data hash of a prepared tree: deterministic, and any changed byte, name or file changes it. */
class DataHashTest {

    @TempDir
    Path tmp;

    private static Path tree(Path dir, String answers) throws IOException {
        Files.createDirectories(dir.resolve("public"));
        Files.createDirectories(dir.resolve("private"));
        Files.writeString(dir.resolve("public/sample_submission.csv"), "id,y\n1,0\n2,0\n");
        Files.writeString(dir.resolve("public/train.csv"), "id,x,y\n3,0.5,1\n");
        Files.writeString(dir.resolve("private/answers.csv"), answers);
        Files.writeString(dir.resolve("private/split.csv"), "id,part\n1,feedback\n2,final\n");
        return dir;
    }

    private static String line(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return path + '\0' + bytes.length + '\0' + DigestUtils.sha256Hex(bytes) + '\n';
    }

    @Test
    void theHashIsSha256OverPathSizeAndDigestOfEveryFileInPathOrder() throws IOException {
        Path dir = tree(tmp.resolve("a"), "id,y\n1,1\n2,0\n");
        String expected = DigestUtils.sha256Hex(line("private/answers.csv", "id,y\n1,1\n2,0\n")
                + line("private/split.csv", "id,part\n1,feedback\n2,final\n")
                + line("public/sample_submission.csv", "id,y\n1,0\n2,0\n")
                + line("public/train.csv", "id,x,y\n3,0.5,1\n"));
        assertThat(DataHash.of(dir)).isEqualTo(expected).hasSize(64);
    }

    @Test
    void theSameFilesGiveTheSameHashWhereverAndInWhateverOrderTheyAreListed() throws IOException {
        String a = DataHash.of(tree(tmp.resolve("a"), "id,y\n1,1\n2,0\n"));
        String b = DataHash.of(tree(tmp.resolve("elsewhere/b"), "id,y\n1,1\n2,0\n"));
        assertThat(b).isEqualTo(a);
        List<DataFile> files = new ArrayList<>(TaskDataService.inventory(tmp.resolve("a")));
        Collections.reverse(files);
        assertThat(DataHash.of(files)).isEqualTo(a);
    }

    @Test
    void oneChangedByteARenamedFileOrAnExtraFileChangesTheHash() throws IOException {
        String base = DataHash.of(tree(tmp.resolve("a"), "id,y\n1,1\n2,0\n"));
        assertThat(DataHash.of(tree(tmp.resolve("b"), "id,y\n1,1\n2,1\n"))).isNotEqualTo(base);

        Path renamed = tree(tmp.resolve("c"), "id,y\n1,1\n2,0\n");
        Files.move(renamed.resolve("public/train.csv"), renamed.resolve("public/train2.csv"));
        assertThat(DataHash.of(renamed)).isNotEqualTo(base);

        Path extra = tree(tmp.resolve("d"), "id,y\n1,1\n2,0\n");
        Files.writeString(extra.resolve("public/notes.txt"), "");
        assertThat(DataHash.of(extra)).isNotEqualTo(base);
    }
}
