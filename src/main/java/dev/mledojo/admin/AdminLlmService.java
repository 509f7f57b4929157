package dev.mledojo.admin;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mledojo.llm.LlmAllowList;

/** Admins' changes to the LLM allow-list, each audited in the same transaction. */
@ApplicationScoped
public class AdminLlmService {

    private final LlmAllowList allowList;
    private final AuditLog audit;

    public AdminLlmService(LlmAllowList allowList, AuditLog audit) {
        this.allowList = allowList;
        this.audit = audit;
    }

    /** Adds a (normalized, see {@link LlmAllowList#normalize}) base URL. */
    @Transactional
    public void add(String url, String admin) {
        allowList.add(url, admin);
        audit.record(admin, "llm-endpoint-added", url, null, Map.of("url", url));
    }

    /** Removes a stored entry; false when there was none. */
    @Transactional
    public boolean remove(String url, String admin) {
        if (!allowList.remove(url)) {
            return false;
        }
        audit.record(admin, "llm-endpoint-removed", url, Map.of("url", url), null);
        return true;
    }
}
