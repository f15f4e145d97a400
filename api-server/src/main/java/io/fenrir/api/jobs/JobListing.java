package io.fenrir.api.jobs;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.persist.JobEntity;
import io.fenrir.api.persist.LimitsColumn;
import io.fenrir.api.persist.TestsColumn;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * GET /jobs: several jobs by id, or a page of jobs (newest first) filtered by status and language, with
 * a cursor for the next page. Pages come from PostgreSQL: a job accepted a moment ago may not be on
 * them yet; asked for by id it always is.
 */
@ApplicationScoped
public class JobListing {
    static final int MAX_IDS = 100;
    static final int MAX_PAGE = 100;
    private static final int DEFAULT_PAGE = 20;

    private final JobService jobs;
    private final LimitsColumn limits;
    private final TestsColumn tests;
    private final Duration retryAfter;

    public JobListing(JobService jobs, LimitsColumn limits, TestsColumn tests, FenrirConfig config) {
        this.jobs = jobs;
        this.limits = limits;
        this.tests = tests;
        this.retryAfter = config.persistence().retryAfter();
    }

    /** The answer: the jobs, and the cursor of the next page when there may be one. */
    public record Page(List<JobView> jobs, String next) {
    }

    /** The jobs of {@code ids} (comma-separated) that exist, in the order asked. */
    public Page byIds(String ids) {
        List<String> asked = Arrays.stream(ids.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                .distinct().toList();
        if (asked.isEmpty() || asked.size() > MAX_IDS) {
            throw ApiException.unprocessable("invalid_ids", "'ids' names " + asked.size() + " jobs; ask for 1 to "
                    + MAX_IDS);
        }
        Map<String, JobView> found = new HashMap<>();
        List<UUID> uuids = asked.stream().flatMap(id -> uuid(id).stream()).toList();
        for (JobEntity row : read(() -> JobEntity.<JobEntity>list("id in ?1", uuids))) {
            found.put(row.id.toString(), view(row));
        }
        List<JobView> answer = new ArrayList<>();
        for (String id : asked) {
            JobView job = found.get(id);
            if (job == null) {
                // Accepted but without a row yet (pending here, or in the queue): as GET /jobs/{id} finds it.
                job = findOrNull(id);
            }
            if (job != null) {
                answer.add(job);
            }
        }
        return new Page(answer, null);
    }

    /** A page of jobs, newest first, after {@code after} (a cursor this method returned). */
    public Page page(String status, String language, String limit, String after) {
        int size = pageSize(limit);
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (status != null) {
            query.append(" and status = :status");
            parameters.put("status", status(status).name());
        }
        if (language != null) {
            query.append(" and language = :language");
            parameters.put("language", Languages.byName(language).map(Language::name).orElseThrow(() ->
                    ApiException.unprocessable("unsupported_language", "language '" + language + "' is not supported")));
        }
        if (after != null) {
            Cursor cursor = Cursor.decode(after);
            query.append(" and (submittedAt < :at or (submittedAt = :at and id < :id))");
            parameters.put("at", cursor.submittedAt());
            parameters.put("id", cursor.id());
        }
        query.append(" order by submittedAt desc, id desc");
        Parameters bound = new Parameters();
        parameters.forEach(bound::and);
        List<JobEntity> rows = read(() -> JobEntity.<JobEntity>find(query.toString(), bound).page(0, size + 1).list());
        List<JobView> page = rows.stream().limit(size).map(this::view).toList();
        String next = rows.size() > size ? new Cursor(rows.get(size - 1).submittedAt, rows.get(size - 1).id).encode()
                : null;
        return new Page(page, next);
    }

    private JobView view(JobEntity row) {
        return JobView.of(row, limits.read(row.limits), tests.read(row.tests));
    }

    private JobView findOrNull(String id) {
        try {
            return jobs.find(id);
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private <T> T read(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (PersistenceException e) {
            throw ApiException.unavailable("store_unavailable", "the job store cannot be read; retry later", retryAfter);
        }
    }

    private static int pageSize(String limit) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= MAX_PAGE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // Refused below, as any other value out of range.
        }
        throw ApiException.invalid("invalid_parameter", "limit is '" + limit + "'; it must be 1 to " + MAX_PAGE);
    }

    private static JobStatus status(String name) {
        try {
            return JobStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_parameter", "status is '" + name + "'; it must be one of "
                    + Arrays.toString(JobStatus.values()));
        }
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Where a page ended: the last job's submission time and id, opaque to clients (base64url). */
    record Cursor(Instant submittedAt, UUID id) {

        String encode() {
            String plain = submittedAt.getEpochSecond() + "." + submittedAt.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.", 3);
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        UUID.fromString(parts[2]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | java.time.DateTimeException e) {
                throw ApiException.invalid("invalid_cursor", "'after' is not a cursor this API returned");
            }
        }
    }
}
