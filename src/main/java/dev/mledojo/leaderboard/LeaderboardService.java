package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeState;

/**
 * The first leaderboard: for each agent version, the mean final HumanRank of its finished episodes — seeds averaged
 * per task first, then tasks averaged — with tasks covered and the valid-submission rate. An invalid result counts
 * as HumanRank 0. Public agents are shown to everyone, private ones only to their owner and admins.
 */
@ApplicationScoped
public class LeaderboardService {

    /** One row of a board. */
    public record Row(int rank, String agent, String owner, int version, String kind, double humanRank, int tasks,
            int episodes, double validRate, Double meanFinalScore) {
    }

    /** A board: its scope and its rows, best first. */
    public record Board(String scope, List<Row> rows) {
    }

    @Transactional
    public Board overall(Requester viewer) {
        return board("overall", finished(null), viewer, true);
    }

    @Transactional
    public Board task(String slug, Requester viewer) {
        return board("task:" + slug, finished(slug), viewer, false);
    }

    private static List<Episode> finished(String slug) {
        return slug == null
                ? Episode.list("agentVersionId is not null and state = ?1", EpisodeState.FINISHED)
                : Episode.list("agentVersionId is not null and state = ?1 and taskSlug = ?2", EpisodeState.FINISHED, slug);
    }

    private static Board board(String scope, List<Episode> episodes, Requester viewer, boolean overall) {
        Map<Long, Map<String, List<Episode>>> byVersionTask = new HashMap<>();
        for (Episode e : episodes) {
            byVersionTask.computeIfAbsent(e.agentVersionId, k -> new LinkedHashMap<>())
                    .computeIfAbsent(e.taskSlug, k -> new ArrayList<>()).add(e);
        }
        List<Row> rows = new ArrayList<>();
        for (var entry : byVersionTask.entrySet()) {
            AgentVersion v = AgentVersion.findById(entry.getKey());
            boolean visible = v.agent.isPublic() || viewer.owns(v.agent.owner);
            if (!visible) {
                continue;
            }
            double taskSum = 0;
            int count = 0;
            int valid = 0;
            double scoreSum = 0;
            int scored = 0;
            for (List<Episode> seeds : entry.getValue().values()) {
                double seedSum = 0;
                for (Episode e : seeds) {
                    boolean ok = e.result != null && e.result.valid() && e.result.humanRank() != null;
                    seedSum += ok ? e.result.humanRank() : 0.0;
                    valid += ok ? 1 : 0;
                    count++;
                    if (ok && e.result.finalScore() != null) {
                        scoreSum += e.result.finalScore();
                        scored++;
                    }
                }
                taskSum += seedSum / seeds.size();
            }
            int tasks = entry.getValue().size();
            rows.add(new Row(0, v.agent.name, v.agent.owner, v.number, v.agent.kind, taskSum / tasks, tasks, count,
                    (double) valid / count, overall || scored == 0 ? null : scoreSum / scored));
        }
        rows.sort(Comparator.comparingDouble(Row::humanRank).reversed().thenComparing(Row::agent)
                .thenComparingInt(Row::version));
        List<Row> ranked = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int rank = i > 0 && rows.get(i - 1).humanRank() == r.humanRank() ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new Row(rank, r.agent(), r.owner(), r.version(), r.kind(), r.humanRank(), r.tasks(), r.episodes(),
                    r.validRate(), r.meanFinalScore()));
        }
        return new Board(scope, ranked);
    }
}
