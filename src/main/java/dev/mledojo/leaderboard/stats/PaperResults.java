package dev.mledojo.leaderboard.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The MLE-Dojo paper's published results (Table 2: per model and domain, AUP, HumanRank in percent and Elo), shipped
 * as {@code leaderboard/mle-dojo-paper-table2.csv} with its source. They are reported numbers, not runs on this
 * platform: shown with their own badge and no interval, never mixed into the platform's statistics.
 */
public final class PaperResults {

    public static final String RESOURCE = "leaderboard/mle-dojo-paper-table2.csv";
    public static final String SOURCE = "MLE-Dojo paper, arXiv:2505.07782v1, Table 2";

    /** One published cell group: a model on a domain. */
    public record Reported(String model, String domain, double aup, double humanRankPercent, int elo) {
    }

    private PaperResults() {
    }

    /** The published rows, in the file's order. */
    public static List<Reported> load() {
        try (InputStream in = PaperResults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Reported> parse(Reader reader) throws IOException {
        List<Reported> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).get();
        for (CSVRecord r : format.parse(reader)) {
            rows.add(new Reported(r.get("model"), r.get("domain"), Double.parseDouble(r.get("aup")),
                    Double.parseDouble(r.get("human_rank_percent")), Integer.parseInt(r.get("elo"))));
        }
        return List.copyOf(rows);
    }
}
