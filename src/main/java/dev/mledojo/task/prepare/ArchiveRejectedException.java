package dev.mledojo.task.prepare;

/** An archive that was refused, with the reason as a type and a message an admin can act on; nothing was written. */
public final class ArchiveRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an archive was refused. */
    public enum Reason {
        /** The bytes are not a zip, tar.gz or tar archive (whatever the file is called). */
        NOT_AN_ARCHIVE,
        /** An entry name would land outside the target: {@code ..}, an absolute path, a drive letter, a NUL. */
        UNSAFE_PATH,
        /** A symbolic or hard link entry. */
        LINK_ENTRY,
        /** A device, FIFO or other special entry. */
        UNSUPPORTED_ENTRY,
        /** More bytes in total than allowed. */
        TOO_LARGE,
        /** One entry larger than allowed. */
        ENTRY_TOO_LARGE,
        /** More entries than allowed. */
        TOO_MANY_ENTRIES,
        /** An entry expands far more than real data does (a zip bomb). */
        COMPRESSION_RATIO,
        /** Two entries with the same path, or an entry that collides with an existing file. */
        DUPLICATE_ENTRY,
        /** A password-protected entry or a compression method that cannot be read. */
        UNREADABLE_ENTRY,
        /** The archive is truncated or damaged. */
        CORRUPT,
        /** The archive holds no files. */
        EMPTY
    }

    private final Reason reason;

    public ArchiveRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ArchiveRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
