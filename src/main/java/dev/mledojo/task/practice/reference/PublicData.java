package dev.mledojo.task.practice.reference;

import java.nio.file.Path;
import java.util.stream.IntStream;

import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.Table;
import dev.mledojo.task.practice.PracticeFiles;

/**
 * The agent-visible files a reference solution may use: the training table and the unlabelled test table.
 *
 * @param train public/train.csv
 * @param test public/test.csv
 */
public record PublicData(Table train, Table test) {

    /** Reads {@code train.csv} and {@code test.csv} of a prepared public directory. */
    public static PublicData read(Path publicDir) {
        return new PublicData(CsvTables.read(publicDir.resolve(PracticeFiles.TRAIN)),
                CsvTables.read(publicDir.resolve(PracticeFiles.TEST)));
    }

    /** The same data with only the first {@code rows} training rows (all when {@code rows} is not smaller). */
    public PublicData firstTrainRows(int rows) {
        if (rows >= train.rowCount()) {
            return this;
        }
        return new PublicData(train.selectRows(IntStream.range(0, rows).toArray()), test);
    }
}
