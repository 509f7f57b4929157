package dev.mledojo.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Records admin actions (in the caller's transaction) and reads them back, newest first. */
@ApplicationScoped
public class AuditLog {

    /** An audit entry on the wire. */
    public record EntryView(long id, String actor, String action, String target, Map<String, Object> before,
            Map<String, Object> after, Instant at) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, String target, Map<String, Object> before, Map<String, Object> after) {
        AuditEntry e = new AuditEntry();
        e.actor = actor;
        e.action = action;
        e.target = target;
        e.before = before;
        e.after = after;
        e.at = Instant.now();
        e.persist();
    }

    @Transactional
    public List<EntryView> recent(int limit, String action, String target) {
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new java.util.HashMap<>();
        if (action != null && !action.isBlank()) {
            q.append(" and action = :action");
            p.put("action", action);
        }
        if (target != null && !target.isBlank()) {
            q.append(" and target = :target");
            p.put("target", target);
        }
        return AuditEntry.<AuditEntry>find(q + " order by at desc, id desc", p).page(0, limit).list().stream()
                .map(e -> new EntryView(e.id, e.actor, e.action, e.target, e.before, e.after, e.at)).toList();
    }
}
