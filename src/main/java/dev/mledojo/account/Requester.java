package dev.mledojo.account;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is asking, as every feature's query and use case sees it: their name (null for a visitor), whether they are an
 * admin, their account id (0 when not needed or unknown), and, for an agent holding an episode token, the one episode
 * it may use (null otherwise).
 */
public record Requester(String name, boolean admin, long userId, String episodeScope) {

    /** The identity attribute that carries an episode token's episode. */
    public static final String EPISODE_SCOPE = "dojo.episode-id";

    /** A visitor who is not signed in. */
    public static final Requester VISITOR = new Requester(null, false, 0, null);

    public Requester(String name, boolean admin, long userId) {
        this(name, admin, userId, null);
    }

    /** Who is looking at public things (boards, public episodes): name and admin flag, no account lookup. */
    public static Requester viewer(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return VISITOR;
        }
        return new Requester(identity.getPrincipal().getName(), identity.hasRole("admin"), 0,
                identity.getAttribute(EPISODE_SCOPE));
    }

    /** An agent holding an episode token: the owner's name, never admin rights, this episode only. */
    public static Requester episodeToken(String owner, long userId, String episodeId) {
        return new Requester(owner, false, userId, episodeId);
    }

    public boolean visitor() {
        return name == null;
    }

    /** Whether this requester may see or act on something {@code owner} owns. */
    public boolean owns(String owner) {
        return admin || (name != null && name.equals(owner));
    }
}
