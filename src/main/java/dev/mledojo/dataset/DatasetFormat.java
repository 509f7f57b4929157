package dev.mledojo.dataset;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.mledojo.error.DomainException;

/** The formats a dataset is exported in, named by the last path segment of its URL. */
public enum DatasetFormat {
    /** One JSON line per episode with its conversation as {@code messages}. */
    SFT("sft.jsonl", "application/x-ndjson"),
    /** One JSON line per step with observation, action, reward, done/truncated, info. */
    RL("rl.jsonl", "application/x-ndjson"),
    /** A zip of MLE-Dojo's {@code env_history.json} and {@code agent_trajectory.json} per episode. */
    TRAJECTORIES("trajectories.zip", "application/zip");

    private final String fileName;
    private final String mediaType;

    DatasetFormat(String fileName, String mediaType) {
        this.fileName = fileName;
        this.mediaType = mediaType;
    }

    /** The path segment and the downloaded file's name, e.g. {@code sft.jsonl}. */
    public String fileName() {
        return fileName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Whether {@code ?gzip=true} applies (a zip is compressed already). */
    public boolean gzippable() {
        return this != TRAJECTORIES;
    }

    /** The format a path segment names. */
    public static DatasetFormat parse(String segment) {
        return Arrays.stream(values()).filter(f -> f.fileName.equals(segment)).findFirst()
                .orElseThrow(() -> DomainException.invalid("unknown-dataset-format", "There is no dataset format '"
                        + segment + "'; the formats are " + Arrays.stream(values()).map(DatasetFormat::fileName)
                                .collect(Collectors.joining(", ")) + ".").onField("format"));
    }
}
