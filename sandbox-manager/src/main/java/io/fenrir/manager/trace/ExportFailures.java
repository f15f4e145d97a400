package io.fenrir.manager.trace;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when spans do not reach the collector, at most one line per interval however many exports
 * fail: with a collector down, the manager exports a batch every few seconds and forwards an agent's
 * spans after every job, and one line each would bury the log. A line that follows suppressed
 * failures counts them; the first success after failures says the collector takes spans again
 * (within the same one-line budget, so a flapping collector cannot flood the log either).
 */
final class ExportFailures {
    private static final Logger LOG = LoggerFactory.getLogger(ExportFailures.class);

    private final URI collector;
    private final Duration interval;
    private final Clock clock;
    /** When the next line may be written. */
    private Instant nextLine = Instant.MIN;
    /** Failures since the last line, not written yet. */
    private long unlogged;
    /** Whether exports have failed since spans last reached the collector. */
    private boolean failing;

    /** @param collector where spans go (only named in the lines) */
    ExportFailures(URI collector, Duration interval, Clock clock) {
        this.collector = collector;
        this.interval = interval;
        this.clock = clock;
    }

    /** An export of {@code what} ("spans", "agent spans") failed for {@code cause}. */
    synchronized void failed(String what, String cause) {
        failing = true;
        Instant now = clock.instant();
        if (now.isBefore(nextLine)) {
            unlogged++;
            return;
        }
        String earlier = unlogged == 0 ? ""
                : " (and " + unlogged + " more failed exports since the last such line, not logged: one line per "
                        + interval.toSeconds() + " s at most)";
        LOG.warn("failed to send {} to {}: {}{}", what, collector, cause, earlier);
        wrote(now);
    }

    /** An export reached the collector. */
    synchronized void succeeded() {
        Instant now = clock.instant();
        if (!failing || now.isBefore(nextLine)) {
            return;
        }
        String earlier = unlogged == 0 ? "" : " (" + unlogged + " failed exports since the last line were not logged)";
        LOG.info("spans reach {} again{}", collector, earlier);
        failing = false;
        wrote(now);
    }

    private void wrote(Instant now) {
        unlogged = 0;
        nextLine = now.plus(interval);
    }
}
