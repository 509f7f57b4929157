package dev.mledojo.task.prepare;

/**
 * What an archive may expand to: total bytes written, number of entries, bytes of one entry and the compression
 * ratio of one entry (checked once the entry has produced more than {@link #RATIO_GRACE_BYTES}, so that a small,
 * very compressible file is not mistaken for a bomb). Sizes are measured while writing, never taken from headers.
 */
public record ArchiveLimits(long maxTotalBytes, int maxEntries, long maxEntryBytes, double maxCompressionRatio) {

    /** An entry may expand freely up to this size before its compression ratio is checked. */
    public static final long RATIO_GRACE_BYTES = 1L << 20;

    public ArchiveLimits {
        if (maxTotalBytes < 1 || maxEntries < 1 || maxEntryBytes < 1 || !(maxCompressionRatio >= 1)) {
            throw new IllegalArgumentException("archive limits must be positive and the ratio at least 1");
        }
    }

    /**
     * 50 GiB in total, 1,000,000 entries (image competitions ship hundreds of thousands of files), 20 GiB per entry,
     * ratio 200 (CSV compresses about 5-20 times; a run of zeros about 1000 times).
     */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(50L << 30, 1_000_000, 20L << 30, 200);
    }
}
