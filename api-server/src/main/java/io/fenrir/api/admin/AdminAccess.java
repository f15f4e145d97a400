package io.fenrir.api.admin;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards the operator endpoints with one shared bearer token (fenrir.admin.token). Without a
 * configured token they are off: replaying and dropping jobs is not for clients.
 */
@ApplicationScoped
public class AdminAccess {
    private static final String BEARER = "Bearer ";
    private final Optional<String> token;

    public AdminAccess(FenrirConfig config) {
        this.token = config.admin().token();
    }

    /** Throws 403 admin_disabled without a configured token, 401 unauthorized on a wrong one. */
    public void check(String authorization) {
        if (token.isEmpty()) {
            throw new ApiException(403, "admin_disabled",
                    "operator endpoints are off; set fenrir.admin.token (FENRIR_ADMIN_TOKEN) to enable them");
        }
        String given = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()) : "";
        // Constant time: the comparison must not tell how much of a guess was right.
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "unauthorized", "operator endpoints need 'Authorization: Bearer <token>'");
        }
    }
}
