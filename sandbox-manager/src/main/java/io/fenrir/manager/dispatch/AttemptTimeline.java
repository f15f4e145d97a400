package io.fenrir.manager.dispatch;

import io.fenrir.core.job.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The stages of one delivery of a job, gathered as it goes, for the job's timeline. */
final class AttemptTimeline {
    private final int attempt;
    private final List<Stage> stages = new ArrayList<>();

    AttemptTimeline(int attempt) {
        this.attempt = attempt;
    }

    void add(Stage.Name name, Instant startedAt, Instant endedAt) {
        stages.add(new Stage(name, attempt, startedAt, endedAt));
    }

    /** The steps the agent reported, as compile and run stages. */
    void addSteps(List<JobExecution.Span> steps) {
        for (JobExecution.Span step : steps) {
            add(AgentExecution.COMPILE_STEP.equals(step.step()) ? Stage.Name.COMPILE : Stage.Name.RUN, step.startedAt(),
                    step.endedAt());
        }
    }

    List<Stage> stages() {
        return List.copyOf(stages);
    }
}
