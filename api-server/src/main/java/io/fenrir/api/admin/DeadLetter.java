package io.fenrir.api.admin;

import java.time.ZonedDateTime;

/**
 * One dead letter as operators see it (GET /admin/dead-letters).
 *
 * @param sequence its sequence in the dead-letter stream, the handle for replay and drop
 * @param jobId    the job it holds
 * @param reason   why the job could not be run
 * @param attempts deliveries the job had
 * @param deadAt   when it was dead-lettered
 */
public record DeadLetter(long sequence, String jobId, String reason, int attempts, ZonedDateTime deadAt) {
}
