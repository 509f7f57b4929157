package dev.mledojo.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.mledojo.episode.LaunchConfig;
import dev.mledojo.sandbox.BwrapExecutor;
import dev.mledojo.sandbox.SandboxSettings;

/**
 * Without a working sandbox the demo submits nothing (its episodes would all fail and rank every baseline at
 * HumanRank 0); with the Kubernetes launcher the platform's own sandbox does not matter.
 */
class DemoSeederTest {

    static final DemoSeeder.DemoConfig ON = () -> true;

    @Test
    void noSandboxNoDemoSubmissions() {
        try (BwrapExecutor broken = new BwrapExecutor(SandboxSettings.defaults().withPython(Path.of("/no/such/python3")))) {
            SandboxStatus local = new SandboxStatus(broken, launcher("local"));
            assertThat(local.cannotRunCode()).hasValueSatisfying(why -> assertThat(why).contains("/no/such/python3"));
            // returns before touching agents, submissions or the database
            assertThat(new DemoSeeder(ON, null, null, local).seed()).isZero();

            assertThat(new SandboxStatus(broken, launcher("kubernetes")).cannotRunCode()).isEmpty();
        }
    }

    static LaunchConfig launcher(String name) {
        return () -> name;
    }
}
