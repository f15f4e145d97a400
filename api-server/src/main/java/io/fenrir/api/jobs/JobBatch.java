package io.fenrir.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.error.ErrorBody;
import io.fenrir.api.error.JsonTypeError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /jobs/batch: each job of the batch is submitted on its own, exactly as by POST /jobs, and
 * accepted or refused on its own; the answer holds the outcome of each, in order.
 */
@ApplicationScoped
public class JobBatch {
    private final JobService jobs;
    private final ObjectMapper json;
    private final int maxJobs;

    public JobBatch(JobService jobs, ObjectMapper json, FenrirConfig config) {
        this.jobs = jobs;
        this.json = json;
        this.maxJobs = config.submission().maxBatchJobs();
    }

    /** The body of POST /jobs/batch: each element a POST /jobs body. */
    public record Request(List<JsonNode> jobs) {
    }

    /** The answer: one item per job of the request, in its order. */
    public record Answer(List<Item> jobs) {
    }

    /**
     * One job's outcome: {@code status} 202 and the job, or the status and error body a POST /jobs of
     * it alone would have had.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, int status, JobView job, ErrorBody.Detail error) {
    }

    public Answer submit(Request request) {
        if (request == null || request.jobs() == null) {
            throw ApiException.invalid("missing_field", "field 'jobs' is required: {\"jobs\":[{..}, {..}]}");
        }
        if (request.jobs().isEmpty() || request.jobs().size() > maxJobs) {
            throw ApiException.unprocessable("invalid_batch", "field 'jobs' has " + request.jobs().size()
                    + " entries; a batch has 1 to " + maxJobs);
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < request.jobs().size(); i++) {
            try {
                JobView job = jobs.submit(read(request.jobs().get(i), i), null).job();
                items.add(new Item(i, 202, job, null));
            } catch (ApiException e) {
                items.add(new Item(i, e.status(), null, new ErrorBody.Detail(e.code(), e.getMessage())));
            }
        }
        return new Answer(items);
    }

    private SubmitRequest read(JsonNode job, int index) {
        if (job == null || !job.isObject()) {
            throw ApiException.invalid("invalid_type", "jobs[" + index + "] must be a JSON object");
        }
        try {
            return json.treeToValue(job, SubmitRequest.class);
        } catch (MismatchedInputException e) {
            throw ApiException.invalid("invalid_type", "jobs[" + index + "]: " + JsonTypeError.describe(e));
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("malformed_json", "jobs[" + index + "]: " + e.getOriginalMessage());
        }
    }
}
