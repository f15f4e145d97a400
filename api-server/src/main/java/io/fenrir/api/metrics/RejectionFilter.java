package io.fenrir.api.metrics;

import io.fenrir.api.error.ErrorBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Sees every error answer RESTEasy sends, whoever made it (an exception mapper, a request filter's
 * refusal): all of them carry an {@link ErrorBody}; {@link Rejections} counts those that refused the
 * request. The ingress filter's 429 is answered before RESTEasy and counts itself.
 */
public class RejectionFilter {
    private final Rejections rejections;

    public RejectionFilter(Rejections rejections) {
        this.rejections = rejections;
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof ErrorBody error) {
            rejections.countIfRefusal(request.getMethod(), response.getStatus(), error.error().code());
        }
    }
}
