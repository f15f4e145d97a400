package io.fenrir.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.core.job.JobRuleCases.Rule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobRulesTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fenrir.core.job.JobRuleCases#fileNames")
    void eachSharedCaseOfFileNamesBreaksExactlyTheRuleItNames(JobRuleCases.FileNames job) {
        Optional<Rule> broken = job.names().stream().anyMatch(name -> JobRules.fileNameProblem(name).isPresent())
                ? Optional.of(Rule.FILE_NAME)
                : JobRules.repeatedFileName(job.names()).map(name -> Rule.REPEATED_FILE_NAME);
        assertThat(broken).isEqualTo(job.broken());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fenrir.core.job.JobRuleCases#arguments")
    void eachSharedArgumentIsValidExactlyWhenItSaysSo(JobRuleCases.Argument argument) {
        assertThat(JobRules.argumentProblem(argument.value()).isEmpty()).isEqualTo(argument.valid());
    }

    @Test
    void aProblemSaysWhichRuleTheNameBreaks() {
        assertThat(JobRules.fileNameProblem("notes..txt")).hasValue("contains '..'");
        assertThat(JobRules.fileNameProblem("a/b")).hasValue("contains '/'");
        assertThat(JobRules.fileNameProblem("")).hasValue("is empty");
        assertThat(JobRules.fileNameProblem(".")).hasValue("is '.', the job's directory itself");
        assertThat(JobRules.fileNameProblem("a\0")).hasValue("contains a NUL character");
        assertThat(JobRules.fileNameProblem("é".repeat(128))).hasValue("is 256 UTF-8 bytes long; the limit is 255");
    }

    @Test
    void theRepeatedNameIsTheFirstOneSeenTwice() {
        assertThat(JobRules.repeatedFileName(List.of("a", "b", "b", "a"))).hasValue("b");
        assertThat(JobRules.repeatedFileName(List.of("a", "A"))).isEmpty();
    }

    @Test
    void anArgumentWithANulCharacterSaysSo() {
        assertThat(JobRules.argumentProblem("a\0b")).hasValue("contains a NUL character");
    }
}
