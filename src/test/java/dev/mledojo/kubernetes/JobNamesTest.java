package dev.mledojo.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobNamesTest {

    @Test
    void namesAreDnsLabelsOfAtMost63Characters() {
        assertThat(JobNames.job("3F2B8C1E-6A0D-4C55-9A51-0D7C1E2F9B10")).isEqualTo("ep-3f2b8c1e-6a0d-4c55-9a51-0d7c1e2f9b10");
        assertThat(JobNames.tokenSecret("3f2b8c1e-6a0d-4c55-9a51-0d7c1e2f9b10"))
                .isEqualTo("ep-3f2b8c1e-6a0d-4c55-9a51-0d7c1e2f9b10-token");
        String longId = "x".repeat(100);
        assertThat(JobNames.job(longId)).hasSize(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(JobNames.job("a.b_c")).isEqualTo("ep-a-b-c");
        assertThatThrownBy(() -> JobNames.dnsLabel("---")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelValuesAreSanitised() {
        assertThat(JobNames.labelValue("spaceship-titanic")).isEqualTo("spaceship-titanic");
        assertThat(JobNames.labelValue("-My Task!/v2.")).isEqualTo("My-Task--v2");
        assertThat(JobNames.labelValue("a".repeat(70) + "-")).hasSize(63);
        assertThat(JobNames.labelValue("a".repeat(62) + "-b")).isEqualTo("a".repeat(62));
        assertThat(JobNames.labelValue(null)).isEmpty();
    }

    @Test
    void ownersArePseudonymous() {
        assertThat(JobNames.ownerHash("ann")).hasSize(16).matches("[0-9a-f]+").isNotEqualTo(JobNames.ownerHash("bob"));
        assertThat(JobNames.ownerHash("ann")).isEqualTo(JobNames.ownerHash("ann"));
    }
}
