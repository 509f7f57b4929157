package dev.mledojo.task;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * The data hash of a prepared version: SHA-256 over every file of its {@code public/} and {@code private/} tree. Each
 * file contributes {@code <relative path> NUL <size> NUL <sha256 of its bytes> LF}, in the order of the relative
 * paths ('/'-separated, compared as strings); nothing is left out, so the same files give the same hash and one
 * changed byte, name or file gives another. Pure: no I/O beyond {@link #of(Path)}'s walk.
 */
public final class DataHash {

    /** How many hex digits of the hash name a data directory ({@code tasks/<task>/data/<hash16>}). */
    public static final int DIR_DIGITS = 16;

    private DataHash() {
    }

    /** The hash of an inventory (e.g. the files recorded on a version); the order of the list does not matter. */
    public static String of(List<DataFile> files) {
        MessageDigest digest = DigestUtils.getSha256Digest();
        for (DataFile f : files.stream().sorted(Comparator.comparing(DataFile::path)).toList()) {
            digest.update((f.path() + '\0' + f.size() + '\0' + f.sha256() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The hash of the files under {@code dir} as they are on disk now. */
    public static String of(Path dir) {
        return of(TaskDataService.inventory(dir));
    }
}
