package io.fenrir.api.jobs;

import io.fenrir.api.error.ApiException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * How an output endpoint answers ({@code ?encoding=}): the bytes as the program wrote them, labelled
 * UTF-8 text (the default: most programs print text), or base64 for output that is not text.
 */
enum OutputEncoding {
    UTF8(MediaType.TEXT_PLAIN + ";charset=utf-8"),
    BASE64(MediaType.TEXT_PLAIN + ";charset=us-ascii");

    private final String contentType;

    OutputEncoding(String contentType) {
        this.contentType = contentType;
    }

    /** @throws ApiException 400 invalid_parameter for anything but "utf8" and "base64" */
    static OutputEncoding of(String encoding) {
        if (encoding == null || encoding.equals("utf8")) {
            return UTF8;
        }
        if (encoding.equals("base64")) {
            return BASE64;
        }
        throw ApiException.invalid("invalid_parameter", "encoding is '" + encoding + "'; it must be 'utf8' or 'base64'");
    }

    /** The answer carrying {@code output}, which it closes. Outputs are capped (outputBytes), so base64 is built whole. */
    Response answer(InputStream output) {
        if (this == UTF8) {
            return Response.ok(output, contentType).build();
        }
        try (output) {
            return Response.ok(Base64.getEncoder().encodeToString(output.readAllBytes()), contentType).build();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read output: " + e.getMessage(), e);
        }
    }
}
