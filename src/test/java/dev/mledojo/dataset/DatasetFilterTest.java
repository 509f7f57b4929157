package dev.mledojo.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mledojo.error.DomainException;

/** The dataset filter's reading of query text, and the Accept-Encoding rule, without the platform. */
class DatasetFilterTest {

    static final Set<String> DOMAINS = Set.of("tabular", "nlp");

    static DatasetFilter parse(String task, String domain, String split, String valid, String min, String from,
            String to, String limit) {
        return DatasetFilter.parse(task, domain, split, valid, min, from, to, limit, DOMAINS);
    }

    @Test
    void blank_values_do_not_filter() {
        assertThat(parse(null, " ", "", null, "", null, " ", null)).isEqualTo(DatasetFilter.NONE);
    }

    @Test
    void dates_are_whole_utc_days_and_to_includes_its_day() {
        DatasetFilter f = parse(null, "NLP", null, "TRUE", "0.5", "2025-05-01", "2025-05-01", "10");
        assertThat(f.from()).isEqualTo(Instant.parse("2025-05-01T00:00:00Z"));
        assertThat(f.to()).isEqualTo(Instant.parse("2025-05-02T00:00:00Z"));
        assertThat(f.domain()).isEqualTo("nlp");
        assertThat(f.validOnly()).isTrue();
        assertThat(f.minHumanRank()).isEqualTo(0.5);
        assertThat(f.limit()).isEqualTo(10);
        DatasetFilter instants = parse(null, null, null, null, null, "2025-05-01T12:00:00+02:00",
                "2025-05-01T12:00:01Z", null);
        assertThat(instants.from()).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThat(instants.to()).isEqualTo(Instant.parse("2025-05-01T12:00:01Z"));
    }

    @Test
    void each_bad_value_names_its_field() {
        assertField(() -> parse("Bad Task", null, null, null, null, null, null, null), "task");
        assertField(() -> parse(null, "astrology", null, null, null, null, null, null), "domain");
        assertField(() -> parse(null, null, "x%", null, null, null, null, null), "split");
        assertField(() -> parse(null, null, null, "yes", null, null, null, null), "valid");
        assertField(() -> parse(null, null, null, null, "-0.1", null, null, null), "min_human_rank");
        assertField(() -> parse(null, null, null, null, "Infinity", null, null, null), "min_human_rank");
        assertField(() -> parse(null, null, null, null, null, "2025-13-01", null, null), "from");
        assertField(() -> parse(null, null, null, null, null, null, "2025-05-01T10:00", null), "to");
        assertField(() -> parse(null, null, null, null, null, "2025-05-02", "2025-05-01", null), "to");
        assertField(() -> parse(null, null, null, null, null, "2025-05-01T00:00:00Z", "2025-05-01T00:00:00Z", null), "to");
        assertField(() -> parse(null, null, null, null, null, null, null, "-3"), "limit");
        assertField(() -> DatasetFormat.parse("sft.json"), "format");
    }

    static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(DomainException.Invalid.class)
                .satisfies(e -> assertThat(((DomainException) e).details()).containsEntry(DomainException.FIELD, field));
    }

    @Test
    void gzip_on_the_wire_only_when_accepted() {
        assertThat(DatasetResource.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(DatasetResource.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
        assertThat(DatasetResource.acceptsGzip("gzip;q=0, identity")).isFalse();
        assertThat(DatasetResource.acceptsGzip("identity")).isFalse();
        assertThat(DatasetResource.acceptsGzip(null)).isFalse();
    }
}
