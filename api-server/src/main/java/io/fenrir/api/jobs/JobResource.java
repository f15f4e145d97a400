package io.fenrir.api.jobs;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.idempotency.IdempotencyKey;
import io.fenrir.api.ingress.IngressFilter;
import io.fenrir.api.wait.JobWaits;
import io.fenrir.api.wait.WaitTime;
import io.fenrir.core.job.JobStatus;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** HTTP adapter for jobs: translates only; the behaviour is in {@link JobService}. */
@Path("/jobs")
public class JobResource {
    private static final String TEXT_UTF8 = MediaType.TEXT_PLAIN + ";charset=utf-8";
    private static final String TEXT_ASCII = MediaType.TEXT_PLAIN + ";charset=us-ascii";
    /** Says a POST /jobs answered a job an earlier request with its Idempotency-Key created. */
    static final String REPLAYED = "Idempotent-Replayed";
    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    private final JobService jobs;
    private final JobCancellation cancellation;
    private final JobWaits waits;
    private final JobBatch batch;
    private final JobListing listing;
    private final JobDeletion deletion;
    private final Duration maxWait;

    public JobResource(JobService jobs, JobCancellation cancellation, JobWaits waits, JobBatch batch,
            JobListing listing, JobDeletion deletion, FenrirConfig config) {
        this.jobs = jobs;
        this.cancellation = cancellation;
        this.waits = waits;
        this.batch = batch;
        this.listing = listing;
        this.deletion = deletion;
        this.maxWait = config.waits().max();
    }

    /**
     * 202 with the job, also when an earlier request with the same Idempotency-Key created it: a
     * client's retry gets the answer its first attempt would have had (with Idempotent-Replayed:
     * true), so it needs no second success path. With {@code Prefer: wait=N} the answer waits up to N
     * seconds for the job to finish: 200 with the finished job, or 202 as without it.
     */
    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> submit(@HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @HeaderParam(PREFER) List<String> prefer, SubmitRequest request, @Context UriInfo uri,
            @Context RoutingContext http) {
        JobService.Submitted submitted = jobs.submit(request, idempotencyKey);
        // Resolved here: the answer may be built on another thread, where the request's base URI is unknown.
        URI location = uri.getBaseUriBuilder().path("jobs").path(submitted.job().id()).build();
        Optional<Duration> wait = WaitTime.ofPreferHeaders(prefer, maxWait);
        Optional<CompletionStage<JobView>> finished = wait.flatMap(
                time -> waits.tryUntilFinished(submitted.job().id(), time, () -> IngressFilter.leave(http)));
        if (finished.isEmpty()) {
            return CompletableFuture.completedFuture(answer(submitted, submitted.job(), location).build());
        }
        return finished.get().thenApply(job -> answer(submitted, job, location)
                .header(PREFERENCE_APPLIED, WaitTime.applied(wait.get())).build());
    }

    /** Several jobs at once, each accepted or refused on its own (200; each item says which). */
    @POST
    @Path("batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JobBatch.Answer submitBatch(JobBatch.Request request) {
        return batch.submit(request);
    }

    /** Jobs by id ({@code ids=a,b,c}), or a page of them filtered by status and language. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JobListing.Page list(@QueryParam("ids") String ids, @QueryParam("status") String status,
            @QueryParam("language") String language, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        if (ids == null) {
            return listing.page(status, language, limit, after);
        }
        if (status != null || language != null || limit != null || after != null) {
            throw ApiException.invalid("conflicting_fields", "give either 'ids' or the filters (status, language,"
                    + " limit, after), not both");
        }
        return listing.byIds(ids);
    }

    /** 200 for a job that has finished, else 202; the Location and the replay mark of the submission. */
    private static Response.ResponseBuilder answer(JobService.Submitted submitted, JobView job, URI location) {
        Response.ResponseBuilder response = JobStatus.valueOf(job.status()).isTerminal() ? Response.ok(job)
                : Response.accepted(job);
        response.location(location);
        if (submitted.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response;
    }

    /** The job; with {@code waitMs}, once it has finished or that many milliseconds have passed. */
    @GET
    @Path("{id}")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<JobView> get(@PathParam("id") String id, @QueryParam("waitMs") String waitMs,
            @Context RoutingContext http) {
        Optional<Duration> wait = WaitTime.ofQuery(waitMs, maxWait);
        JobView job = jobs.find(id);
        if (wait.isEmpty()) {
            return CompletableFuture.completedFuture(job);
        }
        return waits.untilFinished(job, wait.get(), () -> IngressFilter.leave(http));
    }

    @GET
    @Path("{id}/timeline")
    @Produces(MediaType.APPLICATION_JSON)
    public JobTimeline timeline(@PathParam("id") String id) {
        return jobs.timeline(id);
    }

    @GET
    @Path("{id}/output")
    @Produces({TEXT_UTF8, TEXT_ASCII})
    public Response output(@PathParam("id") String id, @QueryParam("encoding") String encoding) {
        OutputEncoding as = OutputEncoding.of(encoding);
        return as.answer(jobs.stdout(id));
    }

    @GET
    @Path("{id}/stderr")
    @Produces({TEXT_UTF8, TEXT_ASCII})
    public Response stderr(@PathParam("id") String id, @QueryParam("encoding") String encoding) {
        OutputEncoding as = OutputEncoding.of(encoding);
        return as.answer(jobs.stderr(id));
    }

    @GET
    @Path("{id}/compile-output")
    @Produces({TEXT_UTF8, TEXT_ASCII})
    public Response compileOutput(@PathParam("id") String id, @QueryParam("encoding") String encoding) {
        OutputEncoding as = OutputEncoding.of(encoding);
        return as.answer(jobs.compileOutput(id));
    }

    @GET
    @Path("{id}/tests/{index}/output")
    @Produces({TEXT_UTF8, TEXT_ASCII})
    public Response testOutput(@PathParam("id") String id, @PathParam("index") String index,
            @QueryParam("encoding") String encoding) {
        OutputEncoding as = OutputEncoding.of(encoding);
        return as.answer(jobs.testOutput(id, index, false));
    }

    @GET
    @Path("{id}/tests/{index}/stderr")
    @Produces({TEXT_UTF8, TEXT_ASCII})
    public Response testStderr(@PathParam("id") String id, @PathParam("index") String index,
            @QueryParam("encoding") String encoding) {
        OutputEncoding as = OutputEncoding.of(encoding);
        return as.answer(jobs.testOutput(id, index, true));
    }

    /** Deletes a finished job: 204, then the job answers 410 job_deleted. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        deletion.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public JobView cancel(@PathParam("id") String id) {
        return cancellation.cancel(id);
    }
}
