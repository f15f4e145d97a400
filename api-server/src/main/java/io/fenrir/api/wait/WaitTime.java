package io.fenrir.api.wait;

import io.fenrir.api.error.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How long a request asks to wait for its job: the waitMs query parameter, or a Prefer: wait header. */
public final class WaitTime {
    private static final String PREFERENCE = "wait";

    private WaitTime() {
    }

    /**
     * GET's {@code ?waitMs=N}: empty when absent or 0; refused when it is not a whole number of
     * milliseconds (400 invalid_wait) or above {@code max} (422 wait_too_long), never cut.
     */
    public static Optional<Duration> ofQuery(String waitMs, Duration max) {
        if (waitMs == null) {
            return Optional.empty();
        }
        long millis;
        try {
            millis = waitMs.chars().allMatch(Character::isDigit) ? Long.parseLong(waitMs) : -1;
        } catch (NumberFormatException e) {
            millis = Long.MAX_VALUE;
        }
        if (millis < 0 || waitMs.isEmpty()) {
            throw ApiException.invalid("invalid_wait",
                    "waitMs is '" + waitMs + "'; it must be a whole number of milliseconds, 0 to " + max.toMillis());
        }
        if (millis > max.toMillis()) {
            throw ApiException.unprocessable("wait_too_long",
                    "waitMs is " + waitMs + "; the longest wait is " + max.toMillis() + " ms");
        }
        return millis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    /**
     * The {@code wait} preference of RFC 7240 among a request's Prefer headers, in whole seconds, cut to
     * {@code max}; empty when there is none, it is 0, or it is not a number of seconds (a preference a
     * server does not understand is ignored, never refused). Preferences are separated by commas, their
     * parameters by semicolons, and a value may be quoted.
     */
    public static Optional<Duration> ofPreferHeaders(List<String> headers, Duration max) {
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            for (String preference : header.split(",")) {
                String[] nameAndValue = preference.split(";", 2)[0].split("=", 2);
                if (nameAndValue.length == 2 && nameAndValue[0].strip().toLowerCase(Locale.ROOT).equals(PREFERENCE)) {
                    return seconds(unquoted(nameAndValue[1].strip())).map(wait -> wait.compareTo(max) > 0 ? max : wait)
                            .filter(wait -> !wait.isZero());
                }
            }
        }
        return Optional.empty();
    }

    /** The Preference-Applied header's value for a wait that was honoured. */
    public static String applied(Duration wait) {
        return PREFERENCE + "=" + wait.toSeconds();
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static Optional<Duration> seconds(String value) {
        if (value.isEmpty() || !value.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            // More seconds than a long holds: as long as any wait may be.
            return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1000));
        }
    }
}
