package io.fenrir.api.events;

import io.fenrir.api.ingress.IngressFilter;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** HTTP adapter for a job's events: translates only; the behaviour is in {@link JobEventFeed}. */
@Path("/jobs/{id}/events")
public class JobEventsResource {
    private final JobEventFeed feed;

    public JobEventsResource(JobEventFeed feed) {
        this.feed = feed;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse, @Context RoutingContext http) {
        return feed.follow(id, lastEventId, sse, () -> IngressFilter.leave(http));
    }
}
