package io.fenrir.api.persist;

import io.fenrir.core.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Which jobs have finished (a terminal status in their row), for the sweep of the work stream. */
@ApplicationScoped
public class FinishedJobs {
    private static final List<String> TERMINAL = Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal)
            .map(JobStatus::name).toList();

    /**
     * @param ids job ids as the queue's messages carry them; one that is not a UUID names no job
     * @return those of {@code ids} whose job has finished
     * @throws jakarta.persistence.PersistenceException when PostgreSQL cannot be read
     */
    @Transactional
    public Set<String> among(Collection<String> ids) {
        List<UUID> jobs = ids.stream().map(FinishedJobs::uuid).flatMap(Optional::stream).toList();
        if (jobs.isEmpty()) {
            return Set.of();
        }
        return JobEntity.getEntityManager()
                .createQuery("SELECT j.id FROM JobEntity j WHERE j.id IN :ids AND j.status IN :terminal", UUID.class)
                .setParameter("ids", jobs)
                .setParameter("terminal", TERMINAL)
                .getResultStream().map(UUID::toString).collect(Collectors.toSet());
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
