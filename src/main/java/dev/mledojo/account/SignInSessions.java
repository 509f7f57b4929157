package dev.mledojo.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import dev.mledojo.db.SqlTimes;

/**
 * Server-side end of the built-in accounts' sign-in sessions, shared by all replicas ({@code sign_in_session}): a form
 * sign-in cookie issued at or before a user's {@code valid_after} no longer signs anyone in ({@link FormSessionCheck}).
 * Sign-out moves it to now; so does a change of an account's password or roles (they are configuration: compared at
 * startup with a fingerprint of what was configured before).
 */
@ApplicationScoped
public class SignInSessions {

    private static final String USERS = "quarkus.security.users.embedded.users.";
    private static final String ROLES = "quarkus.security.users.embedded.roles.";

    private final EntityManager em;
    private final Config config;
    private final Optional<String> sessionKey;

    public SignInSessions(EntityManager em, Config config,
            @ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> sessionKey) {
        this.em = em;
        this.config = config;
        this.sessionKey = sessionKey;
    }

    /** Ends every session of {@code userName} issued up to {@code at}. */
    @Transactional
    public void endAll(String userName, Instant at) {
        em.createNativeQuery("""
                insert into sign_in_session (user_name, valid_after) values (?1, ?2)
                on conflict (user_name) do update set valid_after = greatest(sign_in_session.valid_after, excluded.valid_after)""")
                .setParameter(1, userName).setParameter(2, Timestamp.from(at)).executeUpdate();
    }

    /** The instant up to which the user's sessions are ended, if ever. */
    @Transactional
    public Optional<Instant> validAfter(String userName) {
        return em.createNativeQuery("select valid_after from sign_in_session where user_name = ?1")
                .setParameter(1, userName).getResultStream().findFirst().map(SqlTimes::instant);
    }

    /** A changed password or role set of a built-in account ends its sessions (all replicas read the same table). */
    @Transactional
    void onStart(@Observes StartupEvent event) {
        if (sessionKey.filter(k -> !k.isBlank()).isEmpty()) {
            return; // no stable key (DojoMain always sets one): the sign-in cookies die with this process anyway
        }
        TreeMap<String, String> fingerprints = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(USERS)) {
                String user = name.substring(USERS.length());
                String password = config.getOptionalValue(name, String.class).orElse("");
                String roles = config.getOptionalValue(ROLES + user, String.class).orElse("");
                fingerprints.put(user, fingerprint(user + "\n" + password + "\n" + roles));
            }
        }
        fingerprints.forEach((user, mac) -> {
            int ended = em.createNativeQuery("""
                    insert into sign_in_session (user_name, valid_after, credential_mac) values (?1, timestamptz 'epoch', ?2)
                    on conflict (user_name) do update set credential_mac = excluded.credential_mac,
                      valid_after = case when sign_in_session.credential_mac is null then sign_in_session.valid_after
                                         else greatest(sign_in_session.valid_after, now()) end
                    where sign_in_session.credential_mac is distinct from excluded.credential_mac""")
                    .setParameter(1, user).setParameter(2, mac).executeUpdate();
            if (ended > 0) {
                Log.debugf("built-in account %s: credential fingerprint recorded or changed", user);
            }
        });
    }

    /** HMAC-SHA256 with the session key (the database never holds something a password could be guessed from). */
    private String fingerprint(String text) {
        String key = sessionKey.orElseThrow();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
