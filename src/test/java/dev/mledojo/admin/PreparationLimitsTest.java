package dev.mledojo.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.mledojo.sandbox.SandboxLimits;

/** A custom preparation script runs with the curation's preparation limits, not an agent's. */
class PreparationLimitsTest {

    @Test
    void preparationLimitsReplaceTheAgentsTimeMemoryAndWorkspaceAndKeepTheRest() {
        SandboxLimits agent = SandboxLimits.defaults();
        CurationConfig.Preparation p = new CurationConfig.Preparation() {
            public Duration wallTime() { return Duration.ofHours(12); }
            public Duration cpuTime() { return Duration.ofHours(48); }
            public long memoryBytes() { return 16L << 30; }
            public long maxFileBytes() { return 100L << 30; }
            public long workspaceBytes() { return 1L << 40; }
            public long workspaceEntries() { return 50_000_000; }
        };
        SandboxLimits prep = CurationService.preparationLimits(agent, p);
        assertThat(prep.wallTime()).isEqualTo(Duration.ofHours(12));
        assertThat(prep.cpuTime()).isEqualTo(Duration.ofHours(48));
        assertThat(prep.memoryBytes()).isEqualTo(16L << 30);
        assertThat(prep.maxFileBytes()).isEqualTo(100L << 30);
        assertThat(prep.maxWorkspaceBytes()).isEqualTo(1L << 40);
        assertThat(prep.maxWorkspaceEntries()).isEqualTo(50_000_000);
        assertThat(prep.maxProcesses()).isEqualTo(agent.maxProcesses());
        assertThat(prep.maxOutputBytes()).isEqualTo(agent.maxOutputBytes());
        assertThat(agent.maxWorkspaceBytes()).as("an agent keeps its own limit").isLessThan(prep.maxWorkspaceBytes());
    }
}
