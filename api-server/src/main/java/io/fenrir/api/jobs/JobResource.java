package io.fenrir.api.jobs;

import io.fenrir.api.idempotency.IdempotencyKey;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;

/** HTTP adapter for jobs: translates only; the behaviour is in {@link JobService}. */
@Path("/jobs")
public class JobResource {
    private static final String TEXT_UTF8 = MediaType.TEXT_PLAIN + ";charset=utf-8";
    /** Says a POST /jobs answered a job an earlier request with its Idempotency-Key created. */
    static final String REPLAYED = "Idempotent-Replayed";
    private final JobService jobs;
    private final JobCancellation cancellation;

    public JobResource(JobService jobs, JobCancellation cancellation) {
        this.jobs = jobs;
        this.cancellation = cancellation;
    }

    /**
     * 202 with the job, also when an earlier request with the same Idempotency-Key created it: a
     * client's retry gets the answer its first attempt would have had (with Idempotent-Replayed:
     * true), so it needs no second success path.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(@HeaderParam(IdempotencyKey.HEADER) String idempotencyKey, SubmitRequest request) {
        JobService.Submitted submitted = jobs.submit(request, idempotencyKey);
        JobView job = submitted.job();
        Response.ResponseBuilder response = Response.accepted(job).location(URI.create("/jobs/" + job.id()));
        if (submitted.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public JobView get(@PathParam("id") String id) {
        return jobs.find(id);
    }

    @GET
    @Path("{id}/timeline")
    @Produces(MediaType.APPLICATION_JSON)
    public JobTimeline timeline(@PathParam("id") String id) {
        return jobs.timeline(id);
    }

    @GET
    @Path("{id}/output")
    @Produces(TEXT_UTF8)
    public InputStream output(@PathParam("id") String id) {
        return jobs.stdout(id);
    }

    @GET
    @Path("{id}/stderr")
    @Produces(TEXT_UTF8)
    public InputStream stderr(@PathParam("id") String id) {
        return jobs.stderr(id);
    }

    @GET
    @Path("{id}/compile-output")
    @Produces(TEXT_UTF8)
    public InputStream compileOutput(@PathParam("id") String id) {
        return jobs.compileOutput(id);
    }

    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public JobView cancel(@PathParam("id") String id) {
        return cancellation.cancel(id);
    }
}
