package dev.mledojo.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

/** The sign-in mode switch as application.properties resolves it, and the OIDC glue, without a server. */
class AuthModeTest {

    private static SmallRyeConfig config(Map<String, String> overrides) throws IOException {
        URL properties = AuthModeTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new MapBackedConfigSource("overrides", overrides, 400) {
                })
                .build();
    }

    @Test
    void the_default_mode_is_the_built_in_accounts_with_no_oidc_tenant() throws IOException {
        SmallRyeConfig c = config(Map.of());
        assertThat(c.getValue("dojo.auth.mode", String.class)).isEqualTo("builtin");
        assertThat(c.getValue("quarkus.oidc.tenant-enabled", Boolean.class)).isFalse();
        assertThat(c.getValue("quarkus.http.auth.permission.signin.auth-mechanism", String.class)).isEqualTo("form");
    }

    @Test
    void oidc_mode_switches_only_runtime_properties() throws IOException {
        SmallRyeConfig c = config(Map.of("dojo.auth.mode", "oidc"));
        assertThat(c.getValue("quarkus.oidc.tenant-enabled", Boolean.class)).isTrue();
        assertThat(c.getValue("quarkus.http.auth.permission.signin.auth-mechanism", String.class)).isEqualTo("code");
        assertThat(c.getValue("quarkus.oidc.application-type", String.class)).isEqualTo("hybrid");
        assertThat(c.getValue("quarkus.oidc.roles.role-claim-path", String.class)).isEqualTo("realm_access/roles");
        // the build-time-fixed switches are the same in both modes: one jar serves both
        SmallRyeConfig builtin = config(Map.of());
        for (String fixed : new String[] { "quarkus.http.auth.basic", "quarkus.http.auth.form.enabled",
                "quarkus.security.users.embedded.enabled" }) {
            assertThat(c.getRawValue(fixed)).as(fixed).isEqualTo(builtin.getRawValue(fixed));
        }
    }

    @Test
    void oidc_mode_without_a_server_stops_the_start_with_what_to_set() {
        assertThatThrownBy(() -> AuthMode.check(AuthMode.Mode.OIDC, Optional.empty()))
                .hasMessageContaining("QUARKUS_OIDC_AUTH_SERVER_URL");
        AuthMode.check(AuthMode.Mode.BUILTIN, Optional.of("http://localhost:8180/realms/mle-dojo")); // only a warning
    }

    @Test
    void built_in_accounts_are_refused_in_oidc_mode_and_left_to_the_realm_otherwise() {
        AuthMode oidc = new AuthMode(settings(AuthMode.Mode.OIDC), Optional.of("http://kc/realms/mle-dojo"));
        AuthMode builtin = new AuthMode(settings(AuthMode.Mode.BUILTIN), Optional.empty());
        assertThatThrownBy(() -> BuiltInAccountsOff.decide(oidc).await().indefinitely())
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(BuiltInAccountsOff.decide(builtin).await().indefinitely()).isNull();
    }

    @Test
    void an_oidc_account_carries_subject_name_email_and_only_platform_roles() {
        JsonWebToken jwt = new FakeJwt(Map.of("sub", "5f1c-subject", "preferred_username", "alice",
                "email", "alice@mle-dojo.invalid"));
        OidcSignIn.OidcAccount account = OidcSignIn.account(jwt,
                Set.of("admin", "submitter", "offline_access", "default-roles-mle-dojo"));
        assertThat(account).isEqualTo(new OidcSignIn.OidcAccount("5f1c-subject", "alice", "alice@mle-dojo.invalid",
                Set.of("admin", "submitter")));
        OidcSignIn.OidcAccount bare = OidcSignIn.account(new FakeJwt(Map.of("sub", "s2")), Set.of());
        assertThat(bare.name()).isEqualTo("s2");
        assertThat(bare.email()).isNull();
    }

    private static AuthConfig settings(AuthMode.Mode mode) {
        return new AuthConfig() {
            @Override
            public AuthMode.Mode mode() {
                return mode;
            }

            @Override
            public Switches builtin() {
                return null;
            }

            @Override
            public Switches oidc() {
                return null;
            }
        };
    }

    private record FakeJwt(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return (String) claims.get("preferred_username");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return (T) claims.get(claimName);
        }
    }
}
