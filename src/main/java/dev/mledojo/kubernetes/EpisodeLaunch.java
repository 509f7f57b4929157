package dev.mledojo.kubernetes;

/**
 * Everything the Job of one episode is built from: who and what it runs, and the task's resource profile.
 *
 * @param owner the submitter's name; only a hash of it goes into labels
 * @param taskVersion the task version's content hash (reproducibility)
 * @param wallTimeSeconds the episode's wall-time budget
 */
public record EpisodeLaunch(String episodeId, int attempt, Long submissionId, Long agentVersionId, String owner,
        String taskSlug, String taskVersion, double cpu, long memoryBytes, int gpu, int wallTimeSeconds) {

    public boolean needsGpu() {
        return gpu > 0;
    }
}
