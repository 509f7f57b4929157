package dev.mledojo.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Quantity;

class MemoryQuantityTest {

    @Test
    void readsTheQuantitiesKubernetesReadsToTheSameBytes() {
        for (String q : List.of("512Mi", "4Gi", "1Ti", "2G", "1500M", "128974848", "129e6", "1.5Gi", "0.5Ki", "1k",
                "1E", "3e3", "+2Mi")) {
            assertThat(MemoryQuantity.bytes(q)).as(q)
                    .isEqualTo(Quantity.getAmountInBytes(new Quantity(q)).longValueExact());
        }
    }

    @Test
    void refusesWhatIsNotAWholeNumberOfBytes() {
        for (String q : List.of("", "lots", "4GB", "Gi", "1.5", "100m", "4 Gi", "1e400")) {
            assertThatThrownBy(() -> MemoryQuantity.bytes(q)).as(q).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> MemoryQuantity.bytes(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
