package io.fenrir.api.admin;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** HTTP adapter for the operator's dead-letter endpoints; behaviour in {@link DeadLetterService}. */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
    private static final int MAX_PAGE = 100;
    private final AdminAccess access;
    private final DeadLetterService deadLetters;

    public DeadLetterResource(AdminAccess access, DeadLetterService deadLetters) {
        this.access = access;
        this.deadLetters = deadLetters;
    }

    /** A page of dead letters after sequence {@code after}; {@code next} is the value for the next page. */
    @GET
    public Map<String, Object> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("after") @DefaultValue("0") long after, @QueryParam("limit") @DefaultValue("50") int limit) {
        access.check(authorization);
        List<DeadLetter> page = deadLetters.list(Math.max(0, after), Math.max(1, Math.min(limit, MAX_PAGE)));
        long next = page.isEmpty() ? after : page.get(page.size() - 1).sequence();
        return Map.of("deadLetters", page, "next", next);
    }

    @POST
    @Path("{sequence}/replay")
    public Response replay(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("sequence") long sequence) {
        access.check(authorization);
        String jobId = deadLetters.replay(sequence);
        return Response.accepted(Map.of("jobId", jobId, "status", "QUEUED")).location(URI.create("/jobs/" + jobId))
                .build();
    }

    @DELETE
    @Path("{sequence}")
    public Response drop(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("sequence") long sequence) {
        access.check(authorization);
        deadLetters.drop(sequence);
        return Response.noContent().build();
    }
}
