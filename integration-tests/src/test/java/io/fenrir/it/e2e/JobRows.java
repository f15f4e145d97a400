package io.fenrir.it.e2e;

import io.fenrir.it.stack.FenrirStack;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/** A job's row, read straight from PostgreSQL. */
final class JobRows {

    private JobRows() {
    }

    /** The row's status, or null when there is no row. */
    static String status(FenrirStack stack, String id) throws Exception {
        try (Connection c = stack.postgres.connect();
                PreparedStatement s = c.prepareStatement("SELECT status FROM jobs WHERE id = ?")) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Whether the row says the job's sources are in S3 (stored by the API before it wrote the row). */
    static boolean sourcesStored(FenrirStack stack, String id) throws Exception {
        try (Connection c = stack.postgres.connect();
                PreparedStatement s = c.prepareStatement("SELECT sources_stored FROM jobs WHERE id = ?")) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Rows in all: a job gets one once accepted, or once a manager runs it. */
    static long count(FenrirStack stack) throws Exception {
        try (Connection c = stack.postgres.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM jobs");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
