package dev.mledojo.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.EnvConfigSource;

/**
 * The built-in accounts' default passwords keep the platform on loopback (hostile audit, finding 11: admin/admin
 * worked on any interface): the default address is loopback, and a public one with default passwords stops the start.
 */
class DefaultPasswordLoopbackTest {

    @Test
    void loopback_addresses_are_told_apart_from_reachable_ones() {
        assertThat(DefaultPasswordWarning.isLoopback("127.0.0.1")).isTrue();
        assertThat(DefaultPasswordWarning.isLoopback("127.0.0.2")).isTrue();
        assertThat(DefaultPasswordWarning.isLoopback("::1")).isTrue();
        assertThat(DefaultPasswordWarning.isLoopback("[::1]")).isTrue();
        assertThat(DefaultPasswordWarning.isLoopback("localhost")).isTrue();
        assertThat(DefaultPasswordWarning.isLoopback("0.0.0.0")).isFalse();
        assertThat(DefaultPasswordWarning.isLoopback("::")).isFalse();
        assertThat(DefaultPasswordWarning.isLoopback("10.1.2.3")).isFalse();
        assertThat(DefaultPasswordWarning.isLoopback("192.168.0.7")).isFalse();
        assertThat(DefaultPasswordWarning.isLoopback("")).isFalse();
        assertThat(DefaultPasswordWarning.isLoopback("no-such-host.invalid")).isFalse();
    }

    @Test
    void default_passwords_refuse_a_public_interface_and_other_passwords_do_not() {
        assertThat(DefaultPasswordWarning.refusal(true, "0.0.0.0")).hasValueSatisfying(m -> assertThat(m)
                .contains("Refusing to listen on 0.0.0.0", "DOJO_ADMIN_PASSWORD", "DOJO_DEMO_PASSWORD", "DOJO_HTTP_HOST"));
        assertThat(DefaultPasswordWarning.refusal(true, "127.0.0.1")).isEmpty();
        assertThat(DefaultPasswordWarning.refusal(false, "0.0.0.0")).isEmpty();
    }

    private static SmallRyeConfig config(Map<String, String> env) throws IOException {
        URL properties = getClass("application.properties");
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(env, 300)).build();
    }

    private static URL getClass(String resource) {
        return DefaultPasswordLoopbackTest.class.getClassLoader().getResource(resource);
    }

    /** The decision the startup observer takes, on application.properties as the README's run command reads it. */
    private static java.util.Optional<String> startup(Map<String, String> env) throws IOException {
        SmallRyeConfig c = config(env);
        boolean defaults = AccountConfig.DEFAULT_ADMIN.equals(c.getValue("dojo.accounts.admin-password", String.class))
                || AccountConfig.DEFAULT_DEMO.equals(c.getValue("dojo.accounts.demo-password", String.class));
        return DefaultPasswordWarning.refusal(defaults, c.getValue("quarkus.http.host", String.class));
    }

    @Test
    void the_embedded_default_starts_on_loopback_and_a_public_address_needs_new_passwords() throws IOException {
        assertThat(config(Map.of()).getValue("quarkus.http.host", String.class)).isEqualTo("127.0.0.1");
        assertThat(startup(Map.of())).isEmpty(); // ./mvnw quarkus:run with admin/admin
        assertThat(startup(Map.of("DOJO_HTTP_HOST", "0.0.0.0"))).isPresent();
        assertThat(startup(Map.of("QUARKUS_HTTP_HOST", "0.0.0.0"))).isPresent();
        assertThat(startup(Map.of("DOJO_HTTP_HOST", "0.0.0.0", "DOJO_ADMIN_PASSWORD", "s3cret-admin",
                "DOJO_DEMO_PASSWORD", "s3cret-demo"))).isEmpty();
        // one default password left is enough to refuse
        assertThat(startup(Map.of("DOJO_HTTP_HOST", "0.0.0.0", "DOJO_ADMIN_PASSWORD", "s3cret-admin"))).isPresent();
    }
}
