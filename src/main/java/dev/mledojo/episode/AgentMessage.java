package dev.mledojo.episode;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * One message of an agent's conversation through the LLM gateway (DESIGN §5): what it sent and what the model
 * answered, with the answer's usage and cost. Rows are appended, never rewritten; budgets are summed from them.
 */
@Entity
@Table(name = "agent_message")
public class AgentMessage extends PanacheEntity {

    @Column(name = "episode_id", nullable = false, updatable = false)
    public String episodeId;

    /** The gateway call this message belongs to (1, 2, ...). */
    @Column(nullable = false, updatable = false)
    public int turn;

    @Column(nullable = false, updatable = false)
    public String role;

    @Column(nullable = false, updatable = false)
    public String content;

    @Column(name = "prompt_tokens", updatable = false)
    public Integer promptTokens;

    @Column(name = "completion_tokens", updatable = false)
    public Integer completionTokens;

    @Column(updatable = false)
    public Double cost;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** Tokens and cost an episode has used so far. */
    public record Usage(long promptTokens, long completionTokens, double cost, int calls) {

        public long tokens() {
            return promptTokens + completionTokens;
        }
    }

    /** One message of a request, as the agent sent it. */
    public record Line(String role, String content) {
    }

    /** The model's reply with its usage and cost. */
    public record Reply(String content, int promptTokens, int completionTokens, double cost) {
    }

    static AgentMessage of(String episodeId, int turn, String role, String content, Instant at) {
        AgentMessage m = new AgentMessage();
        m.episodeId = episodeId;
        m.turn = turn;
        m.role = role.length() > 20 ? role.substring(0, 20) : role;
        m.content = content;
        m.createdAt = at;
        return m;
    }

    public static List<AgentMessage> of(String episodeId) {
        return list("episodeId = ?1 order by id", episodeId);
    }

    public static Usage usage(String episodeId) {
        Object[] row = getEntityManager().createQuery("select coalesce(sum(m.promptTokens), 0), "
                + "coalesce(sum(m.completionTokens), 0), coalesce(sum(m.cost), 0.0), count(m) from AgentMessage m "
                + "where m.episodeId = ?1 and m.role = 'assistant'", Object[].class).setParameter(1, episodeId)
                .getSingleResult();
        return new Usage(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).doubleValue(),
                ((Number) row[3]).intValue());
    }
}
