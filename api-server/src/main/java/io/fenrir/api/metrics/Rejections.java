package io.fenrir.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Counts the requests this instance refused, by HTTP status and stable error code: 429
 * too_many_requests, 503 queue_full, 422 unsupported_language and so on. Both labels are bounded:
 * the codes are the API's own constants, never text from a request.
 *
 * <p>A refusal is an answer that declined to do what was asked: an invalid or unauthorised request,
 * an action the job's state does not allow, or a request this instance will not take now (429,
 * 503). Not every error answer is one: a read that finds nothing, or nothing yet (GET of an unknown
 * job: 404; of a running job's output: 409), answered the question it was asked; and a 500 is a
 * fault, counted with its status by Quarkus's request timer and logged.
 */
@ApplicationScoped
public class Rejections {
    /** The methods that only ask; their 404 and 409 are answers, not refusals. */
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final MeterRegistry registry;

    public Rejections(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a refusal: the caller knows the answer is one (the in-flight cap's 429). */
    public void count(int status, String reason) {
        Counter.builder(MeterNames.REJECTIONS).description("Refused requests, by HTTP status and stable error code")
                .tag("status", Integer.toString(status)).tag("reason", reason).register(registry).increment();
    }

    /** Counts the error answer {@code status} to a {@code method} request if it refused the request. */
    public void countIfRefusal(String method, int status, String reason) {
        if (isRefusal(method, status)) {
            count(status, reason);
        }
    }

    static boolean isRefusal(String method, int status) {
        if (status == 429 || status == 503) {
            return true;
        }
        if (status < 400 || status >= 500) {
            return false;
        }
        return !(READS.contains(method) && (status == 404 || status == 409));
    }
}
