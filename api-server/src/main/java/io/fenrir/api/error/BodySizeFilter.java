package io.fenrir.api.error;

import io.fenrir.api.config.FenrirConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses an oversized body from its Content-Length, before a byte of it is read, with the same
 * JSON error shape as everything else (the HTTP layer's own hard limit answers without a body).
 */
public class BodySizeFilter {
    @Inject
    FenrirConfig config;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> checkContentLength(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return Optional.empty();
        }
        long limit = config.submission().maxBodyBytes();
        try {
            if (Long.parseLong(header.trim()) <= limit) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.of(ErrorMappers.respond(400, "bad_request", "Content-Length is not a number"));
        }
        return Optional.of(ErrorMappers.respond(413, "payload_too_large",
                "request body exceeds " + limit + " bytes"));
    }
}
