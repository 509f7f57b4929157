package dev.mledojo.leaderboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The boards ({@code dojo.leaderboard.*}). */
@ConfigMapping(prefix = "dojo.leaderboard")
public interface LeaderboardConfig {

    /** How often each replica folds ended episodes into the board projection (a Quarkus scheduler interval). */
    @WithName("project-every")
    @WithDefault("1s")
    String projectEvery();

    /** How long every board snapshot is kept; older ones are kept as the last of each day. */
    @WithName("keep-all-snapshots")
    @WithDefault("P7D")
    java.time.Duration keepAllSnapshots();

    /** The split tags that have their own board (besides overall and one per domain). */
    @WithName("tag-boards")
    @WithDefault("mle-dojo-eval,mle-lite,eval-tabular,eval-nlp,eval-cv,practice")
    java.util.List<String> tagBoards();
}
