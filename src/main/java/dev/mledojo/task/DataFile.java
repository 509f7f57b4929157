package dev.mledojo.task;

/** One prepared file of a version: its path relative to the version's data folder, size and SHA-256. */
public record DataFile(String path, long size, String sha256) {

    public boolean inPublicPart() {
        return path.startsWith("public/");
    }
}
