package io.fenrir.api.jobs;

import io.fenrir.api.error.ApiException;
import io.fenrir.api.limits.LimitPolicy;
import io.fenrir.core.job.Comparison;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.TestCase;
import io.fenrir.core.job.Tests;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request's {@code tests} and the fields that say how they are judged, checked into the job's {@link Tests}. */
final class TestsValidation {
    /** The request's names of the comparison modes. */
    static final Map<String, Comparison.Mode> COMPARE = Map.of("exact", Comparison.Mode.EXACT,
            "trimTrailingWhitespace", Comparison.Mode.TRIM_TRAILING_WHITESPACE, "tokens", Comparison.Mode.TOKENS,
            "float", Comparison.Mode.FLOAT);
    private static final String DEFAULT_COMPARE = "trimTrailingWhitespace";
    /** A tolerance above this would accept nearly any number; it is a typo, not a choice. */
    private static final BigDecimal MAX_TOLERANCE = BigDecimal.ONE;

    private TestsValidation() {
    }

    /**
     * The job's tests, or empty when the request has none.
     *
     * @param jobLimits the job's resolved limits, over which each test's own apply
     */
    static Optional<Tests> of(SubmitRequest request, Limits jobLimits, LimitPolicy limits, int maxTests,
            int maxBytes) {
        if (request.tests() == null) {
            for (String field : new String[] {"compare", "tolerance", "stopOnFirstFailure"}) {
                if (isSet(request, field)) {
                    throw ApiException.invalid("missing_field", "field '" + field + "' applies to 'tests', which is missing");
                }
            }
            return Optional.empty();
        }
        if (request.stdin() != null && !request.stdin().isEmpty()) {
            throw ApiException.invalid("conflicting_fields",
                    "give either 'stdin' or 'tests' (each test has its own stdin), not both");
        }
        List<SubmittedTest> submitted = request.tests();
        if (submitted.isEmpty() || submitted.size() > maxTests) {
            throw ApiException.unprocessable("invalid_tests", "field 'tests' has " + submitted.size()
                    + " entries; a job has 1 to " + maxTests);
        }
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < submitted.size(); i++) {
            SubmittedTest test = submitted.get(i);
            String field = "tests[" + i + "]";
            if (test == null) {
                throw ApiException.invalid("invalid_type", "field '" + field + "' must be an object");
            }
            checkSize(field + ".stdin", test.stdin(), maxBytes);
            checkSize(field + ".expectedOutput", test.expectedOutput(), maxBytes);
            Limits own = test.limits() == null ? null : limits.resolve(test.limits(), jobLimits, field + ".limits");
            cases.add(new TestCase(test.stdin(), test.expectedOutput(), own));
        }
        return Optional.of(new Tests(cases, comparison(request), Boolean.TRUE.equals(request.stopOnFirstFailure())));
    }

    private static Comparison comparison(SubmitRequest request) {
        String name = request.compare() == null ? DEFAULT_COMPARE : request.compare();
        Comparison.Mode mode = COMPARE.get(name);
        if (mode == null) {
            throw ApiException.unprocessable("unsupported_compare", "compare '" + name + "' is not one of "
                    + String.join(", ", List.of("exact", "trimTrailingWhitespace", "tokens", "float")));
        }
        if (request.tolerance() == null) {
            return Comparison.of(mode);
        }
        if (mode != Comparison.Mode.FLOAT) {
            throw ApiException.unprocessable("invalid_tolerance", "field 'tolerance' applies to compare 'float' only");
        }
        if (request.tolerance().signum() < 0 || request.tolerance().compareTo(MAX_TOLERANCE) > 0) {
            throw ApiException.unprocessable("invalid_tolerance",
                    "tolerance is " + request.tolerance() + "; it must be from 0 to " + MAX_TOLERANCE);
        }
        return new Comparison(mode, request.tolerance().doubleValue());
    }

    private static void checkSize(String field, String value, int maxBytes) {
        int bytes = value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw ApiException.tooLarge("field '" + field + "' is " + bytes + " bytes; the limit is " + maxBytes);
        }
    }

    private static boolean isSet(SubmitRequest request, String field) {
        return switch (field) {
            case "compare" -> request.compare() != null;
            case "tolerance" -> request.tolerance() != null;
            default -> request.stopOnFirstFailure() != null;
        };
    }
}
