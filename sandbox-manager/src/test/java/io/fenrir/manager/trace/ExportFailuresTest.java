package io.fenrir.manager.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExportFailuresTest {
    private static final URI COLLECTOR = URI.create("http://collector:4318/v1/traces");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final ManualClock clock = new ManualClock();
    private final ExportFailures failures = new ExportFailures(COLLECTOR, MINUTE, clock);
    private final LogLines log = new LogLines(ExportFailures.class);

    @AfterEach
    void detach() {
        log.close();
    }

    @Test
    void aCollectorThatStaysDownGetsOneLinePerMinuteWithTheFailuresNotLoggedCounted() {
        for (int second = 0; second < 150; second += 5) {
            failures.failed("spans", "Connection refused");
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(log.lines()).containsExactly(
                "WARN failed to send spans to " + COLLECTOR + ": Connection refused",
                "WARN failed to send spans to " + COLLECTOR + ": Connection refused (and 11 more failed exports"
                        + " since the last such line, not logged: one line per 60 s at most)",
                "WARN failed to send spans to " + COLLECTOR + ": Connection refused (and 11 more failed exports"
                        + " since the last such line, not logged: one line per 60 s at most)");
    }

    @Test
    void theFirstSuccessAfterFailuresSaysSoOnceAndAFailureAfterItIsToldAgain() {
        failures.failed("agent spans", "HTTP 503");
        failures.failed("agent spans", "HTTP 503");
        clock.advance(MINUTE);
        failures.succeeded();
        failures.succeeded();
        clock.advance(MINUTE);
        failures.failed("spans", "Connection refused");
        assertThat(log.lines()).containsExactly(
                "WARN failed to send agent spans to " + COLLECTOR + ": HTTP 503",
                "INFO spans reach " + COLLECTOR + " again (1 failed exports since the last line were not logged)",
                "WARN failed to send spans to " + COLLECTOR + ": Connection refused");
    }

    @Test
    void aFlappingCollectorStillGetsOneLinePerMinute() {
        for (int second = 0; second < 120; second++) {
            if (second % 2 == 0) {
                failures.failed("spans", "HTTP 503");
            } else {
                failures.succeeded();
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(log.lines()).hasSize(2);
    }

    @Test
    void successesAloneAreNotLogged() {
        failures.succeeded();
        clock.advance(MINUTE);
        failures.succeeded();
        assertThat(log.lines()).isEmpty();
    }
}
