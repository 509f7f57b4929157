package dev.mledojo.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The arithmetic of a rate-limit verdict (GCRA), from how far the user's theoretical arrival time is ahead of now. */
class RateLimitVerdictTest {

    @Test
    void an_admitted_request_leaves_what_the_time_ahead_has_not_used() {
        // 4 a minute: 15 s a request
        assertThat(ApiRateLimits.Verdict.of(4, true, 15_000_000))
                .isEqualTo(new ApiRateLimits.Verdict(true, 4, 3, 15, 0));
        assertThat(ApiRateLimits.Verdict.of(4, true, 60_000_000))
                .isEqualTo(new ApiRateLimits.Verdict(true, 4, 0, 60, 0));
        // a little time passed since the burst began: the request being refilled is not yet whole
        assertThat(ApiRateLimits.Verdict.of(4, true, 44_999_000))
                .isEqualTo(new ApiRateLimits.Verdict(true, 4, 1, 45, 0));
    }

    @Test
    void a_refused_request_may_be_sent_again_once_one_request_has_refilled() {
        assertThat(ApiRateLimits.Verdict.of(4, false, 60_000_000))
                .isEqualTo(new ApiRateLimits.Verdict(false, 4, 0, 60, 15));
        assertThat(ApiRateLimits.Verdict.of(4, false, 50_500_000)) // 9.5 s later: 5.5 s left, said as 6
                .isEqualTo(new ApiRateLimits.Verdict(false, 4, 0, 51, 6));
        // never less than a second, even when the row was read just before it moved
        assertThat(ApiRateLimits.Verdict.of(4, false, 45_000_000).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void a_request_costs_whole_microseconds_rounded_down_so_a_burst_is_exactly_the_limit() {
        assertThat(ApiRateLimits.costMicros(7)).isEqualTo(8_571_428);
        assertThat(ApiRateLimits.Verdict.of(7, true, 7 * 8_571_428L).remaining()).isZero();
        assertThat(ApiRateLimits.Verdict.of(7, true, 6 * 8_571_428L).remaining()).isEqualTo(1);
        assertThat(ApiRateLimits.costMicros(ApiRateLimits.MAX_PER_MINUTE)).isEqualTo(1);
    }
}
