package dev.mledojo.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Audit export cells cannot be formulas (hostile audit, finding 12: CSV formula injection). */
class HardeningUnitTest {

    @Test
    void cellsStartingLikeAFormulaAreNeutralised() {
        assertThat(AdminResource.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(AdminResource.cell("+1")).isEqualTo("'+1");
        assertThat(AdminResource.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(AdminResource.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AdminResource.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(AdminResource.cell("demo")).isEqualTo("demo");
        assertThat(AdminResource.cell("")).isEmpty();
    }
}
