package dev.mledojo.account;

import java.util.Set;

/** Where the platform learns who signed in: every successful sign-in (built-in account or OIDC) passes through it. */
public interface UserDirectory {

    /**
     * Records a sign-in; creates the user on the first one (keyed by the OIDC subject, or {@code local:<name>} for
     * built-in accounts) and refreshes name, e-mail and roles afterwards.
     */
    void signedIn(String subject, String name, String email, Set<String> roles);
}
