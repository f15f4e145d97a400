package io.fenrir.core.job;

import java.util.List;

/**
 * A job's tests: the program is compiled once and run once per case, in order, each run in a fresh
 * sandbox of its own; each run's output is judged by {@code compare}.
 *
 * @param stopOnFirstFailure judge no test after the first that fails (their verdict is SKIPPED)
 */
public record Tests(List<TestCase> cases, Comparison compare, boolean stopOnFirstFailure) {

    public Tests {
        cases = List.copyOf(cases);
    }
}
