package io.fenrir.manager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.Verdict;
import org.junit.jupiter.api.Test;

class VerdictsTest {

    private static StepResult.Builder run() {
        return StepResult.newBuilder().setStep(AgentExecution.RUN_STEP);
    }

    @Test
    void aCleanExitIsOk() {
        assertThat(Verdicts.of(run().build())).isEqualTo(Verdict.OK);
    }

    @Test
    void aFailedCompileStepIsACompileErrorWhateverEndedIt() {
        StepResult compile = StepResult.newBuilder().setStep(AgentExecution.COMPILE_STEP).setSignal(9)
                .setMemoryLimitExceeded(true).build();
        assertThat(Verdicts.of(compile)).isEqualTo(Verdict.COMPILE_ERROR);
    }

    @Test
    void aNonZeroExitOrASignalIsARuntimeError() {
        assertThat(Verdicts.of(run().setExitCode(3).build())).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(Verdicts.of(run().setExitCode(-1).setSignal(11).build())).isEqualTo(Verdict.RUNTIME_ERROR);
    }

    @Test
    void eachLimitNamesItsVerdictOverTheKillItCaused() {
        assertThat(Verdicts.of(run().setSignal(9).setCpuTimeExceeded(true).build())).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(Verdicts.of(run().setSignal(24).build())).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(Verdicts.of(run().setSignal(9).setWallTimeExceeded(true).build()))
                .isEqualTo(Verdict.WALL_TIME_LIMIT);
        assertThat(Verdicts.of(run().setSignal(9).setOutputLimitExceeded(true).build()))
                .isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(Verdicts.of(run().setSignal(25).build())).isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(Verdicts.of(run().setSignal(9).setMemoryLimitExceeded(true).build()))
                .isEqualTo(Verdict.MEMORY_LIMIT);
    }

    @Test
    void anOomKillOutranksTheTimeItAlsoOverran() {
        StepResult both = run().setSignal(9).setMemoryLimitExceeded(true).setWallTimeExceeded(true)
                .setCpuTimeExceeded(true).build();
        assertThat(Verdicts.of(both)).isEqualTo(Verdict.MEMORY_LIMIT);
    }
}
