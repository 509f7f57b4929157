package dev.mledojo.task;

import java.util.List;

/**
 * Prepared data in its data-addressed directory.
 *
 * @param dataHash the {@link DataHash} of the files
 * @param dir the directory relative to {@code dojo.data-dir} ({@code tasks/<task>/data/<hash16>})
 * @param files every file with its size and SHA-256
 */
public record StoredData(String dataHash, String dir, List<DataFile> files) {
}
